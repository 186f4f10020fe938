/** The "Restore plans" section of bench/RESULTS.md. */
import type { PlanFigures, PlanRunFigures } from "./plan.js";
import { workersSection } from "./plan-workers-report.js";

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const s = (ms: number) => `${f(ms / 1000, 1)} s`;
const MB = (bytes: number) => `${f(bytes / 1e6)} MB`;
const pct = (part: number, whole: number) => `${f((100 * part) / Math.max(whole, 1), 1)}%`;

function row(name: string, x: PlanRunFigures): string {
  const journal = x.journal ? `${f(x.journal.busyMs / x.items, 2)} ms (${f(x.journal.moves / x.items, 1)} moves)` : "none";
  const failed = x.failures.length ? `${x.failures.length}: ${x.failures[0]?.id} ${x.failures[0]?.reason.slice(0, 80)}` : "0";
  return (
    `| ${name} | ${s(x.wallMs)} | ${s(x.lowerBoundMs)} | ${f(x.wallMs / x.lowerBoundMs, 2)}× | ${f(x.wallMs / x.clairvoyantBoundMs, 2)}× | ` +
    `${f(x.requests / x.items, 2)} | ${x.throttled} (${pct(x.throttled, x.requests)}) | ${x.duplicates} | ${failed} | ${journal} | ${MB(x.peakRssBytes)} |`
  );
}

export function planSection(p: PlanFigures): string[] {
  const st = p.settings;
  const { plan, baseline, large } = p;
  const mem = large.memoryAtEnd;
  return [
    "## Restore plans",
    "",
    `One emulator per plan size (seed ${st.seed}), restores lasting ${f(st.durationMs.min / 1000)}–${f(st.durationMs.max / 1000)} s (drawn uniformly when the`,
    `emulator accepts each), a token bucket of ${st.rate} requests/s (burst ${st.rate}) per service, a quarter of the items per service`,
    "(CBR, CSBS, VBS, RDS) on distinct resources. Each side runs in its own `node` process loading the built package",
    "(bench/lib/plan-child.ts), so its memory is its own:",
    "",
    "- **plan**: `runPlan` (what `restorekit plan apply` runs) with the embedded PGlite journal, created fresh; no",
    "  concurrency cap, the adaptive rate limiter is the only bound;",
    `- **Promise.all**: what a user writes today: the same restores through \`createRestoreClient\`, each awaited with`,
    `  \`{ wait: true }\`, ${st.baselineConcurrency} at a time;`,
    `- **plan, ${f(st.largeItems)} items**: the plan again at ten times the size, for memory and the journal's cost at scale.`,
    "",
    "Requests and 429s are what the emulator answered; duplicates are resources its restore log shows restored more",
    "than once in the run. The wall time runs from the call to its return (the plan's includes registering the plan",
    "in the journal, not opening it). The journal's cost is the time its statements ran during the run, all of them",
    "(registering, claims, moves, reads), per item: PGlite runs in the plan's thread, and each statement's own time",
    "is counted, without its wait for an event-loop turn.",
    "",
    "| run | wall | lower bound | wall ÷ bound | ÷ clairvoyant | requests/restore | 429s | applied twice | not succeeded | journal/item | peak RSS |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    row(`plan, ${f(plan.items)} items`, plan),
    row(`Promise.all, ${f(baseline.items)} items`, baseline),
    row(`plan, ${f(large.items)} items`, large),
    "",
    "**The bounds.** The emulator draws a restore's duration when it accepts the restore, so a service's k-th accepted",
    "restore lasts the k-th duration drawn, whatever it restores; and no schedule under the bucket can have its k-th",
    "restore accepted before the k-th slot, max(0, k − burst + 1) / rate. The lower bound is therefore the latest",
    "slot + duration over each service's restores in the order the emulator drew the durations. The clairvoyant",
    "column divides by a lower floor: the same durations sent longest first, which only a scheduler that knew each",
    `duration before sending could do. With ${f(plan.items / 4)} restores per service the slots span about`,
    `${f((plan.items / 4 - st.rate) / st.rate, 1)} s, so any schedule that cannot see durations ends, in expectation, a few seconds after that floor.`,
    "",
    `**Reading it.** The plan finished ${f(plan.wallMs / plan.lowerBoundMs, 2)}× the bound with ${f(plan.requests / plan.items, 2)} requests per restore and`,
    `${pct(plan.throttled, plan.requests)} of its requests answered 429; Promise.all took ${f(baseline.wallMs / plan.wallMs, 1)}× the plan's time and`,
    `${f(baseline.requests / Math.max(plan.requests, 1), 1)}× its requests (each waiter polls its own resource). The journal cost ${f((plan.journal?.busyMs ?? 0) / plan.items, 2)} ms`,
    `per item at ${f(plan.items)} items and ${f((large.journal?.busyMs ?? 0) / large.items, 2)} ms at ${f(large.items)}; creating it (initdb, in a process of`,
    `its own) took ${s(plan.journal?.openMs ?? 0)} before the run. At ${f(large.items)} items the process peaked at ${MB(large.peakRssBytes)} of RSS; at`,
    `its end the JS heap held ${MB(mem.heapUsed)} and memory outside it (PGlite's WASM memory among it) ${MB(mem.external)}. A process that`,
    `only loads Node and restorekit's modules peaks at ${MB(p.idleRssBytes)}.`,
    "",
    ...workersSection(p.workers),
  ];
}
