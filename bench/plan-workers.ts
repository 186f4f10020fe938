/**
 * The plan benchmark's workers measurement (issue #15): one plan of `workerItems` restores, run
 * by 1, 2, 4… worker processes sharing one PostgreSQL journal (a fresh database per run on one
 * throwaway server), and by one process on the embedded PGlite journal for comparison. Each run
 * has an emulator of its own with the same seed, fixtures and rate limit, so every run meets the
 * same durations in the same order of acceptance; every worker of a run talks to that one
 * emulator, so they share its rate limit as workers on one cloud project would.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { generateFixtures, startEmulator } from "../src/emulator/index.js";
import { createDatabase, startPostgres } from "../test/support/postgres-server.js";
import { type EmulatorUsage, markEmulator, usageSince } from "./lib/emulator-usage.js";
import type { ChildFigures, ChildInput } from "./lib/plan-child.js";
import { writePlan } from "./lib/plan-file.js";
import { type ChildRun, compileChild, runChild } from "./lib/plan-spawn.js";
import { log } from "./lib/stats.js";
import { root } from "./lib/workspace.js";

export interface WorkersSettings {
  readonly workers: readonly number[];
  readonly workerItems: number;
  readonly rate: number;
  readonly durationMs: { readonly min: number; readonly max: number };
  readonly seed: number;
}

/** One worker's part in a run. */
export interface WorkerShare {
  readonly worker: string;
  /** Restores it sent (its items' moves to `sending`: one sent again after a 429 counts again). */
  readonly sends: number;
  /** Requests it sent (restores and status reads), and the 429s it got. */
  readonly requests: number;
  readonly throttled: number;
  readonly journal: { readonly moves: number; readonly busyMs: number; readonly queries: number };
  readonly leases: { readonly lost: number; readonly reclaimed: number };
  /** When its `runPlan` started, last sent a restore, last settled an item (0: never), and returned, in milliseconds after the run's first start. */
  readonly startMs: number;
  readonly lastSendMs: number;
  readonly lastSettleMs: number;
  readonly endMs: number;
  readonly peakRssBytes: number;
}

export interface WorkersRunFigures extends EmulatorUsage {
  readonly journal: "postgres" | "pglite";
  readonly workers: number;
  readonly items: number;
  /** From the first worker's `runPlan` call to the last worker's return. */
  readonly wallMs: number;
  /** From the first worker's `runPlan` call to the last item's settling (by any worker): the wall time less the workers' time to notice it. */
  readonly settledMs: number;
  /** From the first worker process's spawn to the last one's exit: start-up and opening the journal (PGlite: creating it) included. */
  readonly processWallMs: number;
  /** Sums over the workers of their journals' {@link WorkerShare.journal}. */
  readonly journalMoves: number;
  readonly journalBusyMs: number;
  readonly journalQueries: number;
  /** Items not succeeded, as the last worker to finish saw them. */
  readonly failures: ChildFigures["failures"];
  readonly shares: readonly WorkerShare[];
}

export interface PlanWorkersFigures {
  readonly settings: WorkersSettings;
  readonly versions: { readonly node: string; readonly pg: string; readonly postgres: string; readonly fsync: string };
  readonly runs: readonly WorkersRunFigures[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The server's `SELECT version()` and its fsync setting (the throwaway server runs without it). */
async function serverInfo(url: string): Promise<{ postgres: string; fsync: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = await client.query<{ version: string }>("SELECT version()");
    const fsync = await client.query<{ fsync: string }>("SHOW fsync");
    return { postgres: version.rows[0]?.version ?? "unknown", fsync: fsync.rows[0]?.fsync ?? "unknown" };
  } finally {
    await client.end();
  }
}

/** A run's figures from its workers' processes and what the emulator saw. */
function runFigures(journal: WorkersRunFigures["journal"], items: number, children: readonly ChildRun[], usage: EmulatorUsage): WorkersRunFigures {
  const f = children.map((c) => ({ ...c.figures, startedAt: c.figures.startedAt ?? 0, endedAt: c.figures.endedAt ?? 0 }));
  const first = Math.min(...f.map((c) => c.startedAt));
  const last = f.reduce((a, b) => (b.endedAt > a.endedAt ? b : a));
  const shares = f.map((c, n) => ({
    worker: `w${n + 1}`,
    sends: c.sends ?? 0,
    requests: c.requests ?? 0,
    throttled: c.throttled ?? 0,
    journal: c.journal ?? { moves: 0, busyMs: 0, queries: 0 },
    leases: c.leases ?? { lost: 0, reclaimed: 0 },
    startMs: c.startedAt - first,
    lastSendMs: c.lastSendAt ? c.lastSendAt - first : 0,
    lastSettleMs: c.lastSettleAt ? c.lastSettleAt - first : 0,
    endMs: c.endedAt - first,
    peakRssBytes: c.peakRssBytes,
  }));
  return {
    journal,
    workers: children.length,
    items,
    wallMs: last.endedAt - first,
    settledMs: Math.max(...shares.map((x) => x.lastSettleMs)),
    processWallMs: Math.max(...children.map((c) => c.exitedAt)) - Math.min(...children.map((c) => c.spawnedAt)),
    ...usage,
    journalMoves: sum(shares.map((s) => s.journal.moves)),
    journalBusyMs: sum(shares.map((s) => s.journal.busyMs)),
    journalQueries: sum(shares.map((s) => s.journal.queries)),
    failures: last.failures.slice(0, 20),
    shares,
  };
}

export async function measurePlanWorkers(settings: WorkersSettings, packageDir: string): Promise<PlanWorkersFigures> {
  const items = settings.workerItems;
  const limit = { requestsPerSecond: settings.rate, burst: settings.rate };
  const dir = mkdtempSync(join(tmpdir(), "restorekit-bench-workers-"));
  const script = await compileChild(packageDir);
  // Fixtures for half the items as servers (CBR and CSBS restore different ones), a quarter as disks and databases.
  const fixtures = generateFixtures({ scale: items / 2, seed: settings.seed });
  const run = async (journal: WorkersRunFigures["journal"], workers: number, postgresUrl?: string): Promise<WorkersRunFigures> => {
    log(`plan workers: ${items} restores, ${workers} worker${workers === 1 ? "" : "s"} on ${journal}`);
    const emulator = await startEmulator({ port: 0, seed: settings.seed, fixtures, restoreDurationMs: settings.durationMs, rateLimit: limit });
    try {
      const { ak, sk, projectId } = emulator.credentials;
      const planFile = writePlan(dir, `bench-workers-${items}`, items, fixtures, projectId);
      const base = { mode: "plan", packageDir, planFile, url: emulator.url, credentials: { ak, sk, projectId }, concurrency: 0 } as const;
      const inputs: ChildInput[] = Array.from({ length: workers }, (_, n) =>
        postgresUrl ? { ...base, journalDir: "", postgresUrl, worker: `w${n + 1}` } : { ...base, journalDir: join(dir, `pglite-${workers}.journal`), worker: `w${n + 1}` },
      );
      const mark = markEmulator(emulator);
      // Every worker ends before the run does, even when one fails: the server must outlive them all.
      const settled = await Promise.allSettled(inputs.map((input) => runChild(script, input)));
      const failed = settled.flatMap((x) => (x.status === "rejected" ? [x.reason] : []));
      if (failed.length) throw new AggregateError(failed, `${failed.length} of ${workers} workers failed: ${failed.map(String).join("; ")}`);
      const children = settled.flatMap((x) => (x.status === "fulfilled" ? [x.value] : []));
      return runFigures(journal, items, children, usageSince(emulator, mark, limit));
    } finally {
      await emulator.stop();
    }
  };
  const server = await startPostgres();
  try {
    const info = await serverInfo(server.url);
    const pgVersion = (JSON.parse(readFileSync(join(root, "node_modules/pg/package.json"), "utf8")) as { version: string }).version;
    const runs: WorkersRunFigures[] = [];
    for (const n of settings.workers) runs.push(await run("postgres", n, await createDatabase(server.url, `bench_workers_${n}`)));
    runs.push(await run("pglite", 1));
    const { workers, workerItems, rate, durationMs, seed } = settings;
    return { settings: { workers, workerItems, rate, durationMs, seed }, versions: { node: process.version, pg: pgVersion, ...info }, runs };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
