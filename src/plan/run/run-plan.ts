import { randomUUID } from "node:crypto";
import type { Auth } from "../../auth/types.js";
import type { RestoreClientOptions } from "../../client/options.js";
import type { EndpointOverrides } from "../../endpoints.js";
import { cbrRestoreTracking } from "../../services/cbr-restore-tracking.js";
import { csbsRestoreTracking } from "../../services/csbs-restore-tracking.js";
import { rdsRestoreTracking } from "../../services/rds-restore-tracking.js";
import { vbsRestoreTracking } from "../../services/vbs-restore-tracking.js";
import type { ItemRecord, Journal } from "../journal/journal.js";
import type { RequestCounts } from "../limited-fetch.js";
import type { CheckedPlan } from "../plan-check.js";
import { AdaptiveRate, type AdaptiveOptions, type RateBudget, RateBudgets } from "../rate-limiter.js";
import type { PlanService } from "../restore-operations.js";
import { type ItemState, itemStates, settledStates } from "../states.js";
import type { RestoreTracking } from "../tracking.js";
import type { PlanEvent } from "./events.js";
import { ItemMover } from "./item-mover.js";
import { Poller } from "./poller.js";
import { budgetKey, serviceCalls } from "./service-calls.js";
import { Submitter } from "./submitter.js";

export interface RunPlanOptions {
  readonly plan: CheckedPlan;
  /** The plan as written, recorded with the run. */
  readonly document: unknown;
  readonly journal: Journal;
  readonly auth: Auth;
  /** A base URL for every service (the emulator's), or one per service. */
  readonly endpoints?: EndpointOverrides;
  readonly fetch?: typeof fetch;
  /** Names this process in the journal's events; default a random ID. */
  readonly worker?: string;
  /** Aborting stops new submissions: restores already sent are recorded, and the run returns. */
  readonly signal?: AbortSignal;
  /** Items in doubt the operator has checked, to be sent again. */
  readonly resendInDoubt?: readonly string[];
  /** Add new items to a run whose plan gained items (nothing else may differ). */
  readonly acceptAdditions?: boolean;
  readonly onEvent?: (event: PlanEvent) => void;
  /** Each service budget's adaptive rate; or a factory for shared budgets. */
  readonly rate?: AdaptiveOptions | ((key: string) => RateBudget);
  /** Client options for every service (timeouts, retries, hooks). */
  readonly client?: Partial<RestoreClientOptions>;
  /** Per-service restore tracking; default restorekit's four. */
  readonly trackings?: Readonly<Record<PlanService, RestoreTracking>>;
}

export interface RunSummary {
  readonly plan: string;
  readonly worker: string;
  readonly interrupted: boolean;
  readonly counts: Readonly<Record<ItemState, number>>;
  readonly items: readonly ItemRecord[];
  readonly requests: number;
  readonly throttled: number;
  /** The journal's cost: moves committed, and the time it spent committing them. */
  readonly journal: { readonly moves: number; readonly busyMs: number };
}

export const defaultTrackings: Readonly<Record<PlanService, RestoreTracking>> = {
  cbr: cbrRestoreTracking,
  csbs: csbsRestoreTracking,
  vbs: vbsRestoreTracking,
  rds: rdsRestoreTracking,
};

/** Counts of items by state. */
export function countStates(items: Iterable<Pick<ItemRecord, "state">>): Record<ItemState, number> {
  const counts = Object.fromEntries(itemStates.map((s) => [s, 0])) as Record<ItemState, number>;
  for (const item of items) counts[item.state]++;
  return counts;
}

/**
 * Runs a checked plan to its end, recording every step in the journal: items are sent in plan
 * order once what they come `after` has succeeded, under each service's adaptive rate budget
 * and the plan's concurrency; a restore is sent only after its move to `sending` is committed;
 * an item found in `sending` (a crash) or whose send has an unknown fate is reconciled from the
 * service's own records, never sent again blindly. Returns when every item is settled
 * (succeeded, failed, skipped or in doubt), or when `signal` aborts.
 */
export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const { plan, journal } = options;
  const worker = options.worker ?? `worker-${randomUUID().slice(0, 8)}`;
  const emit = (event: PlanEvent) => options.onEvent?.(event);
  await journal.register(plan, options.document, { acceptAdditions: options.acceptAdditions === true });
  const rate = options.rate;
  const budgets = new RateBudgets(typeof rate === "function" ? rate : () => new AdaptiveRate(rate));
  const counts: RequestCounts = { requests: 0, throttled: 0 };
  const { calls } = serviceCalls({
    cloud: plan.cloud,
    region: plan.region,
    projectId: plan.projectId,
    auth: options.auth,
    endpoints: options.endpoints,
    fetch: options.fetch,
    budgets,
    counts,
    client: options.client,
  });
  const trackings = options.trackings ?? defaultTrackings;
  const mover = new ItemMover(journal, plan.name, worker, await journal.items(plan.name), emit);
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const submitter = new Submitter(mover, calls, trackings, (service) => budgets.for(budgetKey(plan, service)));
  const poller = new Poller(mover, calls, trackings);
  emit({ type: "run", at: new Date(), worker, phase: "started", plan: plan.name });
  let fatal: unknown;
  try {
    await submitter.recover(new Set(options.resendInDoubt ?? []), (item) => poller.follow(item));
    let lastProgress = 0;
    for (;;) {
      if (submitter.fatal !== undefined) {
        fatal = submitter.fatal;
        break;
      }
      await mover.promote();
      const active = mover.all().filter((i) => i.state === "sending" || i.state === "accepted" || i.state === "waiting").length;
      if (!stop.signal.aborted) {
        const slots = plan.concurrency - active - submitter.inFlight;
        const now = Date.now();
        const ready = mover.all().filter((i) => i.state === "pending" && !submitter.busy(i.id) && (i.notBefore === null || i.notBefore.getTime() <= now));
        for (const item of ready.slice(0, Math.max(0, slots))) submitter.submit(item, (accepted) => poller.follow(accepted));
        poller.pollDue();
      }
      if (Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        const rates = Object.fromEntries([...budgets.entries()].map(([key, b]) => [key, Math.round(b.rate * 10) / 10]));
        emit({ type: "progress", at: new Date(), worker, counts: countStates(mover.all()), requests: counts.requests, throttled: counts.throttled, rates });
      }
      const busy = submitter.inFlight + poller.inFlight;
      if (mover.all().every((i) => settledStates.has(i.state)) && busy === 0) break;
      if (stop.signal.aborted && submitter.inFlight === 0) break;
      await mover.changedOrAfter(Math.min(poller.nextDueIn(), 250));
    }
    await Promise.all([submitter.drain(), poller.drain()]);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  const interrupted = stop.signal.aborted && !mover.all().every((i) => settledStates.has(i.state));
  emit({ type: "run", at: new Date(), worker, phase: interrupted ? "interrupted" : "finished", plan: plan.name });
  if (fatal !== undefined) throw fatal;
  const items = mover.all();
  return { plan: plan.name, worker, interrupted, counts: countStates(items), items, requests: counts.requests, throttled: counts.throttled, journal: journal.cost() };
}
