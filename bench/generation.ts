/**
 * Generation: wall time of the project's pipeline against the raw openapi-typescript CLI on the
 * same specs. Everything runs in a private copy of the repository, so the working tree's
 * generated/ is never written.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listApis } from "../scripts/lib/specs.js";
import { type Spread, interleaved, spread } from "./lib/stats.js";
import { root, workspaceCopy } from "./lib/workspace.js";

export const generationCases = [
  "npm run generate (lint, types, descriptors, endpoints, write)",
  "tsx scripts/generate.ts --check (the same minus lint and writing)",
  "openapi-typescript CLI, one process per spec (types only)",
] as const;
export type GenerationCase = (typeof generationCases)[number];

const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

function time(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

export async function measureGeneration(o: { rounds: number }): Promise<{ specs: number; times: Record<GenerationCase, Spread> }> {
  const copy = workspaceCopy("generate");
  const specs = listApis().map((api) => join(copy.dir, api.file.slice(root.length + 1)));
  const quiet = { cwd: copy.dir, env, stdio: "ignore" as const };
  const runs: Record<GenerationCase, () => void> = {
    "npm run generate (lint, types, descriptors, endpoints, write)": () => execFileSync("npm", ["run", "generate"], quiet),
    "tsx scripts/generate.ts --check (the same minus lint and writing)": () =>
      execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/generate.ts", "--check"], quiet),
    "openapi-typescript CLI, one process per spec (types only)": () => {
      // From a folder without redocly.yaml: the CLI would otherwise follow its `apis:` (TOOLCHAIN gotcha 1).
      const out = mkdtempSync(join(tmpdir(), "restorekit-bench-oats-"));
      try {
        const cli = join(root, "node_modules/openapi-typescript/bin/cli.js");
        for (const spec of specs) {
          execFileSync(process.execPath, [cli, spec, "-o", join(out, `${specs.indexOf(spec)}.ts`), "--default-non-nullable", "false"], { ...quiet, cwd: out });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  };
  try {
    runs["npm run generate (lint, types, descriptors, endpoints, write)"](); // warm the caches, and make the copy's generated/ current for --check
    const samples = await interleaved(generationCases, o.rounds, (name) => time(runs[name as GenerationCase]));
    const times = Object.fromEntries(generationCases.map((n) => [n, spread(samples[n] ?? [])])) as Record<GenerationCase, Spread>;
    return { specs: specs.length, times };
  } finally {
    copy.remove();
  }
}
