/**
 * Restore plans at scale, side by side against one emulator (restores of 2–20 s drawn from a
 * seeded distribution, a token bucket of `rate` requests a second per service):
 *
 * - `plan`: `items` restores through `runPlan` with the embedded PGlite journal (no concurrency
 *   cap: the rate limit is the only bound);
 * - `baseline`: the same restores as a user writes them today, `Promise.all` over restorekit's
 *   `{ wait: true }`, 20 at a time;
 * - `large`: a plan of `largeItems` restores, for peak memory and the journal's cost at scale.
 *
 * Each side runs in a child process (bench/lib/plan-child.ts) that loads the built package, so its
 * memory is its own; the emulator runs here. Requests and 429s are what the emulator counted;
 * durations, for the lower bound, are what it drew; duplicates are targets its restore log shows
 * restored more than once in one side's run.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type Emulator, type RateLimit, generateFixtures, startEmulator } from "../src/emulator/index.js";
import { planItems } from "../test/support/scale-plan.js";
import { arrivalOrderBoundMs, longestFirstBoundMs } from "./lib/lower-bound.js";
import type { ChildFigures, ChildInput } from "./lib/plan-child.js";
import { log } from "./lib/stats.js";

export interface PlanSettings {
  readonly items: number;
  readonly largeItems: number;
  readonly rate: number;
  readonly durationMs: { readonly min: number; readonly max: number };
  readonly baselineConcurrency: number;
  readonly seed: number;
}

export interface PlanRunFigures {
  readonly items: number;
  readonly wallMs: number;
  /** The earliest any schedule under the emulator's rate limit could have finished, given the durations in the order the emulator drew them ({@link arrivalOrderBoundMs}). */
  readonly lowerBoundMs: number;
  /** The clairvoyant floor: the longest restores sent first ({@link longestFirstBoundMs}). */
  readonly clairvoyantBoundMs: number;
  readonly requests: number;
  readonly requestsByOperation: Readonly<Record<string, number>>;
  /** 429 answers of the emulator's rate limit. */
  readonly throttled: number;
  readonly applied: number;
  /** Targets restored more than once in this run. */
  readonly duplicates: number;
  readonly failures: ChildFigures["failures"];
  readonly counts?: ChildFigures["counts"];
  readonly journal?: { readonly moves: number; readonly busyMs: number; readonly openMs: number };
  readonly peakRssBytes: number;
  readonly memoryAtEnd: NodeJS.MemoryUsage;
}

export interface PlanFigures {
  readonly settings: PlanSettings;
  readonly plan: PlanRunFigures;
  readonly baseline: PlanRunFigures;
  readonly large: PlanRunFigures;
  /** Peak memory of a child that only loads the runtime and restorekit's modules. */
  readonly idleRssBytes: number;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * The child as plain JavaScript beside the built package, so that it runs on bare `node`: a
 * TypeScript loader in the child would add its own memory to the figures.
 */
async function compileChild(packageDir: string): Promise<string> {
  const outfile = join(packageDir, "bench-plan-child.mjs");
  await build({ entryPoints: [join(import.meta.dirname, "lib/plan-child.ts")], outfile, format: "esm", platform: "node", target: "node20", logLevel: "warning" });
  return outfile;
}

/** Runs the child asynchronously: the emulator it talks to runs on this process's event loop. */
async function runChild(script: string, input: ChildInput): Promise<ChildFigures> {
  const child = spawn(process.execPath, [script, JSON.stringify(input)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += String(chunk);
  });
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`the ${input.mode} child exited with ${code}`);
  return JSON.parse(out.trim().split("\n").at(-1) as string) as ChildFigures;
}

/** Runs one side against `emulator` and reads what the emulator saw of it. */
async function measureSide(script: string, emulator: Emulator, limit: Required<RateLimit>, input: ChildInput, items: number): Promise<PlanRunFigures> {
  const before = { stats: emulator.stats, log: emulator.restoreLog.length };
  const child = await runChild(script, input);
  const after = emulator.stats;
  const restores = [...emulator.restoreLog.slice(before.log)].sort((a, b) => a.seq - b.seq);
  const perTarget = new Map<string, number>();
  for (const r of restores) perTarget.set(`${r.service}:${r.target}`, (perTarget.get(`${r.service}:${r.target}`) ?? 0) + 1);
  const durations: Record<string, number[]> = {};
  for (const r of restores) (durations[r.service] ??= []).push(r.durationMs);
  const requestsByOperation = Object.fromEntries(
    Object.entries(after.requests)
      .map(([op, n]) => [op, n - (before.stats.requests[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  const throttled = sum(Object.entries(after.rateLimited).map(([s, n]) => n - (before.stats.rateLimited[s] ?? 0)));
  return {
    items,
    wallMs: child.wallMs,
    lowerBoundMs: arrivalOrderBoundMs(durations, limit.requestsPerSecond, limit.burst),
    clairvoyantBoundMs: longestFirstBoundMs(durations, limit.requestsPerSecond, limit.burst),
    requests: sum(Object.values(requestsByOperation)),
    requestsByOperation,
    throttled,
    applied: restores.length,
    duplicates: [...perTarget.values()].filter((n) => n > 1).length,
    failures: child.failures.slice(0, 20),
    ...(child.counts ? { counts: child.counts } : {}),
    ...(child.journal ? { journal: { ...child.journal, openMs: child.journalOpenMs ?? 0 } } : {}),
    peakRssBytes: child.peakRssBytes,
    memoryAtEnd: child.memoryAtEnd,
  };
}

/** A plan file of `items` restores, a quarter per service, over generated fixtures. */
function writePlan(dir: string, name: string, items: number, fixtures: ReturnType<typeof generateFixtures>, projectId: string): string {
  const quarter = items / 4;
  const restores = planItems(fixtures, { cbr: quarter, csbs: quarter, vbs: quarter, rds: quarter });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, cloud: "otc", region: "eu-de", projectId, restores }));
  return file;
}

export async function measurePlans(settings: PlanSettings, packageDir: string): Promise<PlanFigures> {
  const limit = { requestsPerSecond: settings.rate, burst: settings.rate };
  const dir = mkdtempSync(join(tmpdir(), "restorekit-bench-plan-"));
  const script = await compileChild(packageDir);
  const run = async (items: number, sides: readonly ("plan" | "baseline")[]) => {
    // Fixtures for half the items as servers (CBR and CSBS restore different ones), a quarter as disks and databases.
    const fixtures = generateFixtures({ scale: items / 2, seed: settings.seed });
    const emulator = await startEmulator({ port: 0, seed: settings.seed, fixtures, restoreDurationMs: settings.durationMs, rateLimit: limit });
    try {
      const { ak, sk, projectId } = emulator.credentials;
      const planFile = writePlan(dir, `bench-${items}`, items, fixtures, projectId);
      const base = { packageDir, planFile, url: emulator.url, credentials: { ak, sk, projectId }, concurrency: settings.baselineConcurrency };
      const figures: Partial<Record<"plan" | "baseline", PlanRunFigures>> = {};
      for (const side of sides) {
        log(`plan: ${items} restores, ${side}`);
        figures[side] = await measureSide(script, emulator, limit, { ...base, mode: side, journalDir: join(dir, `${side}-${items}.journal`) }, items);
        // Let the emulator's buckets fill again, so that the next side starts as this one did.
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      return figures;
    } finally {
      await emulator.stop();
    }
  };
  try {
    const { plan, baseline } = await run(settings.items, ["plan", "baseline"]);
    const { plan: large } = await run(settings.largeItems, ["plan"]);
    const idle = await runChild(script, { mode: "idle", packageDir, planFile: "", journalDir: "", url: "", credentials: { ak: "", sk: "", projectId: "" }, concurrency: 0 });
    return { settings, plan: plan as PlanRunFigures, baseline: baseline as PlanRunFigures, large: large as PlanRunFigures, idleRssBytes: idle.peakRssBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
