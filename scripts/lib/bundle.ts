import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { banner } from "./banner.js";
import { redocly } from "./redocly.js";
import type { ApiEntry, JsonObject } from "./specs.js";

/**
 * One spec as a single self-contained document: `redocly bundle` moves every file it references
 * (`specs/shared/...`) into `components`, so that only local `#/...` references remain.
 * `overlays` are applied in order (Overlay Specification 1.0, by Redocly).
 */
export function bundleSpec(specPath: string, overlays: readonly string[] = []): JsonObject {
  const dir = mkdtempSync(join(tmpdir(), "restorekit-bundle-"));
  try {
    const output = join(dir, "bundle.json");
    const status = redocly(["bundle", specPath, ...overlays.flatMap((o) => ["--overlay", o]), "--output", output, "--ext", "json"], { quiet: true });
    if (status !== 0) throw new Error(`redocly bundle ${specPath} failed (exit ${status})`);
    return JSON.parse(readFileSync(output, "utf8")) as JsonObject;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The published files of one bundled spec: `openapi/<service>.json` and `openapi/<service>.yaml`. */
export function bundledFiles(api: ApiEntry, doc: JsonObject): [string, string][] {
  return [
    [`openapi/${api.name}.json`, `${JSON.stringify(doc, null, 2)}\n`],
    [`openapi/${api.name}.yaml`, `${banner(api.relative, "#")}\n${stringify(doc, { lineWidth: 0 })}`],
  ];
}
