import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "../specs.js";
import type { SpecChange } from "./change.js";
import { compareSpecs, serviceChange } from "./compare.js";
import { compareVersions, formatVersion, parseVersion } from "./policy.js";

/** Where the released specs are kept: `spec-releases/<version>/<service>.json`, one folder per release. */
export const releasesDir = (root: string) => join(root, "spec-releases");
/** The current bundled specs, `generated/openapi/<service>.json`. */
export const currentDir = (root: string) => join(root, "generated", "openapi");

/** The newest released version that has a snapshot. */
export function latestRelease(root: string): string {
  const versions = readdirSync(releasesDir(root), { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+\.\d+\.\d+$/.test(e.name))
    .map((e) => parseVersion(e.name))
    .sort(compareVersions);
  const last = versions.at(-1);
  if (!last) throw new Error(`no released specs under ${releasesDir(root)}`);
  return formatVersion(last);
}

const services = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : []);
const load = (file: string) => JSON.parse(readFileSync(file, "utf8")) as JsonObject;

/** Every change from the released specs of `version` to the current bundled specs, service by service. */
export function changesSince(root: string, version: string): SpecChange[] {
  const before = join(releasesDir(root), version);
  const after = currentDir(root);
  const names = [...new Set([...services(before), ...services(after)])].sort();
  return names.flatMap((name) => {
    const had = existsSync(join(before, `${name}.json`));
    const has = existsSync(join(after, `${name}.json`));
    if (!had) return [serviceChange(name, "after")];
    if (!has) return [serviceChange(name, "before")];
    return compareSpecs(name, load(join(before, `${name}.json`)), load(join(after, `${name}.json`)));
  });
}
