/**
 * Restore plans at scale, side by side against one emulator (restores of 2–20 s drawn from a
 * seeded distribution, a token bucket of `rate` requests a second per service):
 *
 * - `plan`: `items` restores through `runPlan` with the embedded PGlite journal (no concurrency
 *   cap: the rate limit is the only bound);
 * - `baseline`: the same restores as a user writes them today, `Promise.all` over restorekit's
 *   `{ wait: true }`, 20 at a time;
 * - `large`: a plan of `largeItems` restores, for peak memory and the journal's cost at scale;
 * - `workers`: a plan of `workerItems` restores run by 1, 2, 4… worker processes on one shared
 *   PostgreSQL journal, and by one on PGlite (bench/plan-workers.ts).
 *
 * Each side runs in a child process (bench/lib/plan-child.ts) that loads the built package, so its
 * memory is its own; the emulator runs here. Requests and 429s are what the emulator counted;
 * durations, for the lower bound, are what it drew; duplicates are targets its restore log shows
 * restored more than once in one side's run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, type RateLimit, generateFixtures, startEmulator } from "../src/emulator/index.js";
import { type EmulatorUsage, markEmulator, usageSince } from "./lib/emulator-usage.js";
import type { ChildFigures, ChildInput } from "./lib/plan-child.js";
import { writePlan } from "./lib/plan-file.js";
import { compileChild, runChild } from "./lib/plan-spawn.js";
import { log } from "./lib/stats.js";
import { type PlanWorkersFigures, measurePlanWorkers } from "./plan-workers.js";

export interface PlanSettings {
  readonly items: number;
  readonly largeItems: number;
  readonly rate: number;
  readonly durationMs: { readonly min: number; readonly max: number };
  readonly baselineConcurrency: number;
  readonly seed: number;
  /** The workers measurement: runs of `workerItems` items with each of these numbers of workers. */
  readonly workers: readonly number[];
  readonly workerItems: number;
}

export interface PlanRunFigures extends EmulatorUsage {
  readonly items: number;
  readonly wallMs: number;
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
  /** Workers sharing a PostgreSQL journal (absent from results written before it was measured). */
  readonly workers?: PlanWorkersFigures | { readonly skipped: string };
}

/** Runs one side against `emulator` and reads what the emulator saw of it. */
async function measureSide(script: string, emulator: Emulator, limit: Required<RateLimit>, input: ChildInput, items: number): Promise<PlanRunFigures> {
  const mark = markEmulator(emulator);
  const { figures: child } = await runChild(script, input);
  return {
    items,
    wallMs: child.wallMs,
    ...usageSince(emulator, mark, limit),
    failures: child.failures.slice(0, 20),
    ...(child.counts ? { counts: child.counts } : {}),
    ...(child.journal ? { journal: { ...child.journal, openMs: child.journalOpenMs ?? 0 } } : {}),
    peakRssBytes: child.peakRssBytes,
    memoryAtEnd: child.memoryAtEnd,
  };
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
    const { figures: idle } = await runChild(script, { mode: "idle", packageDir, planFile: "", journalDir: "", url: "", credentials: { ak: "", sk: "", projectId: "" }, concurrency: 0 });
    const workers = await measurePlanWorkers(settings, packageDir).catch((error: unknown) => {
      log(`plan workers not measured: ${String(error)}`);
      return { skipped: String(error) };
    });
    return { settings, plan: plan as PlanRunFigures, baseline: baseline as PlanRunFigures, large: large as PlanRunFigures, idleRssBytes: idle.peakRssBytes, workers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
