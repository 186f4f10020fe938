/** The "Workers on one PostgreSQL journal" part of bench/RESULTS.md's "Restore plans" section. */
import type { PlanWorkersFigures, WorkersRunFigures } from "./plan-workers.js";

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const s = (ms: number) => `${f(ms / 1000, 1)} s`;
const pct = (part: number, whole: number) => `${f((100 * part) / Math.max(whole, 1), 1)}%`;

export const runName = (r: WorkersRunFigures): string => `${r.workers} worker${r.workers === 1 ? "" : "s"}, ${r.journal === "postgres" ? "PostgreSQL" : "PGlite"}`;

/** The 1-worker PostgreSQL run: the reference the others are compared with. */
export const oneWorker = (w: PlanWorkersFigures): WorkersRunFigures | undefined => w.runs.find((r) => r.journal === "postgres" && r.workers === 1);

function row(r: WorkersRunFigures, one: WorkersRunFigures | undefined): string {
  const sends = r.shares.reduce((n, x) => n + x.sends, 0);
  const shares = r.shares.map((x) => pct(x.sends, sends)).join(" / ");
  const failed = r.failures.length ? `${r.failures.length}: ${r.failures[0]?.id} ${r.failures[0]?.reason.slice(0, 60)}` : "0";
  return (
    `| ${runName(r)} | ${s(r.wallMs)} | ${s(r.lowerBoundMs)} | ${f(r.wallMs / r.lowerBoundMs, 2)}× | ${one ? `${f(r.wallMs / one.wallMs, 3)}×` : "–"} | ${s(r.settledMs)} | ${s(r.processWallMs)} | ` +
    `${f(r.journalBusyMs / r.items, 2)} ms | ${f(r.journalQueries / r.items, 1)} | ${f(r.requests / r.items, 2)} | ${r.throttled} (${pct(r.throttled, r.requests)}) | ` +
    `${r.duplicates} | ${failed} | ${shares} |`
  );
}

function workerRows(r: WorkersRunFigures): string[] {
  return r.shares.map(
    (x) =>
      `| ${runName(r)} | ${x.worker} | ${x.sends} | ${x.requests} | ${x.throttled} | ${f(x.journal.busyMs)} ms | ${x.journal.queries} | ` +
      `${s(x.startMs)} | ${x.sends ? s(x.lastSendMs) : "–"} | ${x.sends ? s(x.lastSettleMs) : "–"} | ${s(x.endMs)} | ${x.leases.lost} / ${x.leases.reclaimed} |`,
  );
}

export function workersSection(w: PlanWorkersFigures | { readonly skipped: string } | undefined): string[] {
  if (w === undefined) return [];
  if ("skipped" in w) return ["### Workers on one PostgreSQL journal", "", `Not measured: ${w.skipped}.`, ""];
  const st = w.settings;
  const one = oneWorker(w);
  const pglite = w.runs.find((r) => r.journal === "pglite");
  const most = w.runs.filter((r) => r.journal === "postgres").at(-1);
  return [
    "### Workers on one PostgreSQL journal",
    "",
    `One plan of ${f(st.workerItems)} restores (a quarter per service), run by ${st.workers.join(", ")} worker processes sharing one PostgreSQL`,
    "journal (a fresh database per run on one throwaway server the bench starts), and by one process on the PGlite",
    `journal. Each run has an emulator of its own with the same seed, fixtures and limits as above (${st.rate} requests/s per`,
    `service, restores of ${f(st.durationMs.min / 1000)}–${f(st.durationMs.max / 1000)} s), which every worker of the run talks to. Each worker is a \`node\` process`,
    "(bench/lib/plan-child.ts) running `runPlan` with its own name and the defaults (10 s leases, 32 pending items claimed",
    "ahead); all of a run's workers are spawned at once. The wall time runs from the first worker's `runPlan` call to the",
    "last one's return; \"last settled\" to the moment the last item settled, by any worker (the rest of the wall time is",
    "the workers noticing it); \"processes\" from the first spawn to the last exit (start-up and opening the journal",
    "included; PGlite creates its journal then). Journal/item is the time the workers spent committing moves, summed, per",
    "item; queries/item counts every statement they sent (claims, renewals, counts and rate grants included). The last",
    `column is each worker's share of the restores sent. Versions: Node ${w.versions.node}, pg ${w.versions.pg}, ${w.versions.postgres}`,
    `(the throwaway server runs with fsync ${w.versions.fsync}).`,
    "",
    "| run | wall | lower bound | wall ÷ bound | ÷ 1 worker | last settled | processes | journal/item | queries/item | requests/restore | 429s | applied twice | not succeeded | sends by worker |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...w.runs.map((r) => row(r, one)),
    "",
    "| run | worker | restores sent | requests | 429s | journal busy | queries | run started | last sent | last settled | returned | leases lost / reclaimed |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...w.runs.flatMap(workerRows),
    "",
    ...(one && most && pglite
      ? [
          `**Reading it.** With ${most.workers} workers the plan took ${f(most.wallMs / one.wallMs, 3)}× the wall time of one (its last item settled at`,
          `${s(most.settledMs)}, against ${s(one.settledMs)}; a worker with nothing left of its own notices that the plan is done at its next`,
          "heartbeat, a third of the lease). One worker ended at " + `${f(one.wallMs / one.lowerBoundMs, 2)}× the lower bound and PGlite's worker at ${f(pglite.wallMs / pglite.lowerBoundMs, 2)}×. The journal`,
          `took ${f(one.journalQueries / one.items, 1)} queries and ${f(one.journalBusyMs / one.items, 2)} ms per item on PostgreSQL with one worker, ${f(most.journalQueries / most.items, 1)} and ${f(most.journalBusyMs / most.items, 2)} ms`,
          `with ${most.workers}, and ${f(pglite.journalQueries / pglite.items, 1)} and ${f(pglite.journalBusyMs / pglite.items, 2)} ms on PGlite (which needs no leases and no shared rate grants).`,
          "",
        ]
      : []),
  ];
}
