/**
 * `npm run bench`: every measure in one run, written to bench/results.json (read by
 * `npm run bench:check`) and bench/RESULTS.md. `--quick` runs fewer rounds (for trying changes;
 * its results are written too, so rerun without it before committing them). `--only PART`
 * (`plan-workers`) measures one part and prints it, leaving both files alone (bench/only.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { type ColdCase, measureColdStart } from "./cold-start.js";
import { type GenerationCase, measureGeneration } from "./generation.js";
import { startLoopback } from "./lib/loopback.js";
import { type Spread, log } from "./lib/stats.js";
import { builtCopy, root } from "./lib/workspace.js";
import { type PerRequestFigures, type Variant, measurePerRequest } from "./per-request.js";
import { renderResults } from "./report.js";
import { type Signer, measureSigning } from "./signing.js";
import { type SizeFigures, measureSize } from "./size.js";
import type { WaiterFigures } from "./waiters.js";
import { type PlanFigures, measurePlans } from "./plan.js";
import { onlyArgument, runOnly } from "./only.js";

const quick = process.argv.includes("--quick");
const settings = {
  quick,
  sequential: { inFlight: 1, rounds: quick ? 2 : 5, requests: quick ? 200 : 1000, warmup: 300 },
  concurrent: { inFlight: 16, rounds: quick ? 2 : 5, requests: quick ? 500 : 2000, warmup: 500 },
  signing: { rounds: quick ? 2 : 7, iterations: quick ? 1000 : 5000 },
  coldStart: { rounds: quick ? 2 : 9 },
  generation: { rounds: quick ? 1 : 3 },
  waiters: { perService: quick ? 2 : 6, seed: 20261123 },
  plan: { items: quick ? 100 : 500, largeItems: quick ? 1000 : 5000, rate: 20, durationMs: { min: 2000, max: 20_000 }, baselineConcurrency: 20, seed: 20261123,
    workers: [1, 2, 4], workerItems: quick ? 200 : 1000 },
};

export interface Results {
  readonly date: string;
  readonly totalSeconds: number;
  readonly machine: { os: string; cpuModel: string; cpuCount: number; memoryGb: number; loadAverage: string };
  readonly versions: Record<string, string>;
  readonly settings: typeof settings;
  readonly perRequest: { sequential: Record<Variant, PerRequestFigures>; concurrent16: Record<Variant, PerRequestFigures> };
  readonly signing: Record<Signer, Spread>;
  readonly coldStart: Record<ColdCase, Spread>;
  readonly size: SizeFigures;
  readonly generation: { specs: number; times: Record<GenerationCase, Spread> };
  readonly waiters: WaiterFigures | { skipped: string };
  readonly plan: PlanFigures;
}

const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;

async function main(): Promise<void> {
  const started = performance.now();
  const machine = {
    os: `${platform()} ${release()} ${arch()}`,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cpuCount: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((n) => n.toFixed(2)).join(" "),
  };
  const versions: Record<string, string> = { node: process.version, restorekit: versionOf(root) };
  for (const name of ["openapi-fetch", "@huaweicloud/huaweicloud-sdk-core", "esbuild", "openapi-typescript", "typescript", "tsx"]) {
    versions[name] = versionOf(join(root, "node_modules", name));
  }

  log("npm run build, in a private copy of the repository");
  const built = builtCopy();
  const server = await startLoopback();
  try {
    log("per-request cost, sequential");
    const sequential = await measurePerRequest(server.url, settings.sequential);
    log("per-request cost, 16 in flight");
    const concurrent16 = await measurePerRequest(server.url, settings.concurrent);
    log("signing cost");
    const signing = await measureSigning(settings.signing);
    log("cold start, fresh processes");
    const coldStart = await measureColdStart({ ...settings.coldStart, packageDir: built.dir, url: server.url });
    log("size: esbuild bundles and dependency closures");
    const size = await measureSize(built.dir);
    log("generation");
    const generation = await measureGeneration(settings.generation);
    log("waiters: restores of 1-60 s against the emulator (about a minute)");
    let waiters: Results["waiters"];
    try {
      const { measureWaiters } = await import("./waiters.js");
      waiters = await measureWaiters(settings.waiters);
    } catch (error) {
      log(`waiters not measured: ${String(error)}`);
      waiters = { skipped: String(error) };
    }
    log(`restore plans: ${settings.plan.items} items as a plan and with Promise.all, ${settings.plan.largeItems} as a plan, then ${settings.plan.workerItems} by ${settings.plan.workers.join(", ")} workers (several minutes)`);
    const plan = await measurePlans(settings.plan, built.dir);
    const results: Results = {
      date: new Date().toISOString(),
      totalSeconds: (performance.now() - started) / 1000,
      machine,
      versions,
      settings,
      perRequest: { sequential, concurrent16 },
      signing,
      coldStart,
      size,
      generation,
      waiters,
      plan,
    };
    writeFileSync(join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(import.meta.dirname, "RESULTS.md"), renderResults(results));
    log(`wrote bench/results.json and bench/RESULTS.md in ${results.totalSeconds.toFixed(0)} s`);
  } finally {
    server.stop();
    built.remove();
  }
}

const only = onlyArgument(process.argv);
if (only !== undefined) await runOnly(only, settings);
else await main();
