/**
 * `npm run spec:release`: records the current bundled specs as the released specs of the
 * package.json version (spec-releases/<version>/), the baseline `spec:diff` compares against.
 * Run it when that version is published; it refuses to overwrite an existing release.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { currentDir, releasesDir } from "./lib/spec-diff/workspace.js";
import { root } from "./lib/specs.js";

const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const target = join(releasesDir(root), version);
if (existsSync(target)) {
  console.error(`spec:release: ${target} exists; released specs are never rewritten.`);
  process.exitCode = 1;
} else {
  mkdirSync(target, { recursive: true });
  const files = readdirSync(currentDir(root)).filter((f) => f.endsWith(".json"));
  for (const f of files) copyFileSync(join(currentDir(root), f), join(target, f));
  console.log(`spec:release: recorded ${files.length} specs as released in ${version}.`);
}
