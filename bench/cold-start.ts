import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { type Spread, spread } from "./lib/stats.js";

const root = resolve(import.meta.dirname, "..");

/** Runs a module in a fresh `node` process and returns the number it prints. */
function fresh(source: string, env: Record<string, string> = {}): number {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", source], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
  return Number(out.trim().split("\n").at(-1));
}

const importOf = (specifier: string) => `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
const requireOf = (specifier: string) =>
  `import { createRequire } from "node:module"; const require = createRequire(${JSON.stringify(`${root}/package.json`)}); const t = performance.now(); require(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;

/** Milliseconds to import each package in a fresh process, and from process start to a first response. */
export function measureColdStart(rounds: number, url: string): Record<string, Spread> {
  const cases: Record<string, () => number> = {
    "import restorekit": () => fresh(importOf(resolve(root, "dist/index.js"))),
    "import openapi-fetch": () => fresh(importOf("openapi-fetch")),
    "require vendor core": () => fresh(requireOf("@huaweicloud/huaweicloud-sdk-core")),
    "process start → first restorekit response": () =>
      fresh(
        `const { createRestoreClient, tokenAuth } = await import(${JSON.stringify(resolve(root, "dist/index.js"))});
         const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("bench-token-0123"), endpoints: process.env.BENCH_URL });
         await rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
         console.log(performance.now());`,
        { BENCH_URL: url },
      ),
  };
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) for (const [name, run] of Object.entries(cases)) (samples[name] ??= []).push(run());
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, spread(v)]));
}
