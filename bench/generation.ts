import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { listApis } from "../scripts/lib/specs.js";
import { type Spread, spread } from "./lib/stats.js";

const root = resolve(import.meta.dirname, "..");

/** Wall time of `npm run generate` (lint + every artefact) against the raw openapi-typescript CLI on the same specs. */
export function measureGeneration(rounds: number): Record<string, Spread> {
  const time = (run: () => void) => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  };
  const cases: Record<string, () => void> = {
    "npm run generate (lint, types, descriptors, endpoints)": () =>
      execFileSync(process.execPath, [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/generate.ts"], { cwd: root, stdio: "ignore" }),
    "openapi-typescript CLI, types only": () => {
      // Run from a folder without redocly.yaml, which the CLI would otherwise read (TOOLCHAIN gotcha 1).
      const out = mkdtempSync(join(tmpdir(), "restorekit-oats-"));
      for (const api of listApis()) {
        execFileSync(process.execPath, [resolve(root, "node_modules/openapi-typescript/bin/cli.js"), api.file, "-o", join(out, `${api.name}.ts`), "--default-non-nullable", "false"], { cwd: out, stdio: "ignore" });
      }
    },
  };
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(cases)) (samples[name] ??= []).push(time(run));
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, spread(v)]));
}
