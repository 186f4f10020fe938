/** The targets of issues 7, 14 and 15, computed from bench/results.json. kB and MB are decimal (1 kB = 1000 bytes). */
import type { PlanFigures } from "./plan.js";
import { oneWorker, runName } from "./plan-workers-report.js";
import type { Results } from "./run.js";

export interface Target {
  readonly name: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: string;
  /** Whether the limit itself is allowed (≤) or not (<). */
  readonly inclusive: boolean;
  readonly pass: boolean;
  readonly detail: string;
}

function target(name: string, measured: number, limit: number, unit: string, inclusive: boolean, detail: string): Target {
  const pass = Number.isFinite(measured) && (inclusive ? measured <= limit : measured < limit);
  return { name, measured, limit, unit, inclusive, pass, detail };
}

export function targets(r: Results): Target[] {
  const seq = r.perRequest.sequential;
  const ours = seq["restorekit, tokenAuth"].micros.median;
  const raw = seq["openapi-fetch (raw)"].micros.median;
  const sign = r.signing["restorekit, node:crypto"].median;
  const vendorSign = r.signing["vendor core AKSKSigner"].median;
  const bundle = r.size.bundles.restorekit.gzip;
  const closure = r.size.closures.restorekit;
  const load = r.coldStart["import restorekit"].median;
  return [
    target("token-auth restorekit per request ÷ raw openapi-fetch (sequential medians)", ours / raw, 1.15, "×", true,
      `${ours.toFixed(0)} µs vs ${raw.toFixed(0)} µs`),
    target("AK/SK signing (node:crypto) ÷ vendor AKSKSigner", sign / vendorSign, 1 / 3, "×", true,
      `${sign.toFixed(1)} µs vs ${vendorSign.toFixed(1)} µs`),
    target("signed one-call bundle, min+gzip", bundle / 1000, 8, "kB", true, `${bundle} bytes: createCbrClient + akskAuth + one restoreBackup`),
    // "On disk" is the space the files take (allocated blocks, as `du` counts them); the reference
    // figure for the vendor core (23 MB) is that measure. The files' own lengths are shown beside it.
    target("runtime dependency closure on disk (allocated, as du counts)", closure.allocatedBytes / 1e6, 1, "MB", false,
      `${closure.allocatedBytes} bytes in ${closure.packages} packages; apparent size ${closure.bytes} bytes`),
    target("import restorekit (fresh process, median)", load, 30, "ms", false, `${load.toFixed(1)} ms`),
    ...planTargets(r),
  ];
}

function planTargets(r: Results): Target[] {
  const { plan, large, baseline } = r.plan;
  const items = plan.items;
  return [
    target(`plan of ${items}: wall time ÷ lower bound`, plan.wallMs / plan.lowerBoundMs, 1.15, "×", true,
      `${(plan.wallMs / 1000).toFixed(1)} s vs ${(plan.lowerBoundMs / 1000).toFixed(1)} s; ${(plan.wallMs / plan.clairvoyantBoundMs).toFixed(2)}× the clairvoyant floor`),
    target(`plan of ${items}: 429s ÷ requests`, (100 * plan.throttled) / plan.requests, 2, "%", true, `${plan.throttled} of ${plan.requests}`),
    target("restores applied twice (plans and Promise.all)", plan.duplicates + large.duplicates + baseline.duplicates, 0, "", true,
      `${plan.duplicates} + ${large.duplicates} + ${baseline.duplicates}`),
    target(`plan of ${items}: journal cost per item`, (plan.journal?.busyMs ?? Number.NaN) / items, 5, "ms", true,
      `${(plan.journal?.busyMs ?? 0).toFixed(0)} ms of journal statements; ${plan.journal?.moves ?? 0} moves`),
    target(`plan of ${large.items}: peak RSS`, large.peakRssBytes / 1e6, 250, "MB", true, `${large.peakRssBytes} bytes`),
    ...workersTargets(r.plan.workers),
  ];
}

/**
 * Issue #15's: more workers on one PostgreSQL journal finish no later than one (the services'
 * rate limits are the bound, which the workers share), 5% allowed for noise; and no restore is
 * applied twice in any run. Results without the measurement miss.
 */
export function workersTargets(w: PlanFigures["workers"]): Target[] {
  if (w === undefined || "skipped" in w) {
    const why = w === undefined ? "not in these results: rerun npm run bench" : `not measured: ${w.skipped}`;
    return [target("plan workers on PostgreSQL: measured", Number.NaN, 0, "", true, why)];
  }
  const one = oneWorker(w);
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const many = w.runs.filter((x) => x.journal === "postgres" && x.workers > 1);
  return [
    ...many.map((x) =>
      target(`plan of ${x.items}, ${x.workers} workers on PostgreSQL: wall time ÷ 1 worker's`, x.wallMs / (one?.wallMs ?? Number.NaN), 1.05, "×", true,
        `${sec(x.wallMs)} vs ${one ? sec(one.wallMs) : "no 1-worker run"}; sends ${x.shares.map((s) => s.sends).join(" / ")}`),
    ),
    target(`plan of ${w.settings.workerItems}, workers runs: restores applied twice`, w.runs.reduce((n, x) => n + x.duplicates, 0), 0, "", true,
      w.runs.map((x) => `${runName(x)}: ${x.duplicates}`).join(", ")),
  ];
}
