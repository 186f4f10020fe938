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
import { ValidationError } from "../../errors/validation-error.js";
import { AdaptiveRate, type AdaptiveOptions, type RateBudget, RateBudgets } from "../rate-limiter.js";
import { SharedRate } from "../shared-rate.js";
import type { PlanService } from "../restore-operations.js";
import { type ItemState, itemStates, settledStates } from "../states.js";
import type { RestoreTracking } from "../tracking.js";
import type { PlanEvent } from "./events.js";
import { Coordinator } from "./coordinator.js";
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
  /**
   * How long a worker's hold on an item lasts without renewal, in milliseconds (default 10 s).
   * Workers renew every third of it; a worker that dies loses its items after it, and another
   * reclaims them. Only a journal that several workers share (PostgreSQL) uses leases.
   */
  readonly leaseMs?: number;
  /** With other workers: how many pending items this worker claims ahead of sending them (default 32). */
  readonly prefetch?: number;
}

export interface RunSummary {
  readonly plan: string;
  readonly worker: string;
  readonly interrupted: boolean;
  readonly counts: Readonly<Record<ItemState, number>>;
  readonly items: readonly ItemRecord[];
  readonly requests: number;
  readonly throttled: number;
  /**
   * The journal's cost to this run (see `Journal.cost`): moves committed, the time its statements
   * took, and every statement sent, rate grants included; and the time the run's loop spent on
   * coordination (claims, renewals, promotions, counts), from start to end of each round (a part
   * of the statements' time, with the waits between them).
   */
  readonly journal: { readonly moves: number; readonly busyMs: number; readonly coordinationMs: number; readonly queries: number };
  /** What the operator last asked of the run (`plan pause`, `resume`, `cancel`), as this worker last read it. */
  readonly control: "run" | "pause" | "cancel";
  /** Leases this worker lost (it was paused or cut off past them) and reclaimed from others. */
  readonly leases: { readonly lost: number; readonly reclaimed: number };
}

/** What the journal cost since `before` (this run's share, when the journal served earlier runs too). */
function costSince(journal: Journal, before: ReturnType<Journal["cost"]>): ReturnType<Journal["cost"]> {
  const now = journal.cost();
  return { moves: now.moves - before.moves, busyMs: Math.round((now.busyMs - before.busyMs) * 10) / 10, queries: now.queries - before.queries };
}

/** A service's restores waiting for rate tokens at once, at the least (more at a higher rate). */
const minDrawing = 4;

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
 *
 * Any number of workers may run one plan on a shared (PostgreSQL) journal: each works only on
 * the items it holds a lease on, the services' rate budgets are shared through the journal, and
 * items of a worker that died are reclaimed and reconciled when its leases run out. The
 * operator's `plan pause`, `resume` and `cancel` are obeyed at the next heartbeat.
 */
export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const { plan, journal } = options;
  const worker = options.worker ?? `worker-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 10_000;
  if (!(leaseMs >= 300)) throw new ValidationError("runPlan", [{ path: "leaseMs", rule: "minimum", message: `leaseMs must be at least 300 ms, not ${leaseMs}` }]);
  const emit = (event: PlanEvent) => options.onEvent?.(event);
  const costBefore = journal.cost();
  await journal.register(plan, options.document, { acceptAdditions: options.acceptAdditions === true });
  const resend = new Set(options.resendInDoubt ?? []);
  for (const id of resend) {
    const item = await journal.item(plan.name, id);
    if (!item) throw new ValidationError("--resend-in-doubt", [{ path: id, rule: "unknownItem", message: `${id} is not an item of the plan` }]);
    if (item.state !== "in-doubt") throw new ValidationError("--resend-in-doubt", [{ path: id, rule: "state", message: `${id} is ${item.state}, not in doubt` }]);
  }
  const shared = !journal.exclusive;
  const rate = options.rate;
  const budgets = new RateBudgets(typeof rate === "function" ? rate : shared ? (key) => new SharedRate(journal.db, key, rate ?? {}) : () => new AdaptiveRate(rate));
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
  const mover = new ItemMover(journal, plan.name, worker, { shared, leaseMs }, emit);
  const coordinator = new Coordinator({
    journal,
    plan: plan.name,
    worker,
    mover,
    leaseMs,
    prefetch: options.prefetch ?? 32,
    services: new Map(plan.items.map((i) => [i.id, i.service])),
    ordered: plan.items.some((i) => i.after.length > 0),
    emit,
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  // With other workers, a restore leaves within half a lease of its move to `sending`, or not at all.
  const mayStart = () => !stop.signal.aborted && coordinator.control === "run";
  const submitter = new Submitter(mover, calls, trackings, (service) => budgets.for(budgetKey(plan, service)), mayStart, shared ? leaseMs / 2 : undefined);
  // A service's budget is idle when nothing waits for it: its restores are all sent, and no read is queued.
  const poller = new Poller(mover, calls, trackings, (service) => (budgets.for(budgetKey(plan, service)).waiting ?? 1) === 0);
  const follow = (item: ItemRecord) => poller.follow(item);
  emit({ type: "run", at: new Date(), worker, phase: "started", plan: plan.name });
  let fatal: unknown;
  try {
    await coordinator.start();
    mover.takeAdopted();
    await submitter.recover(resend, follow);
    let lastProgress = 0;
    for (;;) {
      if (submitter.fatal !== undefined || poller.fatal !== undefined) {
        fatal = submitter.fatal ?? poller.fatal;
        break;
      }
      await coordinator.tick(mayStart());
      // Items reclaimed from workers that died, in the middle of their work.
      for (const item of mover.takeAdopted()) submitter.takeOver(item, follow);
      if (mayStart()) {
        const local = poller.following + submitter.inFlight;
        const slots = plan.concurrency - (shared ? Math.max(local, coordinator.active) : local);
        // No more of a service waiting for tokens than about a second of its rate: the rest wait
        // in the queue, which costs little memory, and are handed out as tokens come.
        const room = (service: PlanService) => Math.max(minDrawing, Math.ceil(budgets.for(budgetKey(plan, service)).rate)) - submitter.drawing(service);
        for (const item of mover.takeReady(Math.max(0, slots), Date.now(), room)) submitter.submit(item, follow);
      }
      poller.pollDue();
      if (Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        const rates = Object.fromEntries([...budgets.entries()].map(([key, b]) => [key, Math.round(b.rate * 10) / 10]));
        emit({ type: "progress", at: new Date(), worker, counts: coordinator.counts, requests: counts.requests, throttled: counts.throttled, rates });
      }
      const busy = submitter.inFlight + poller.inFlight;
      if (coordinator.unsettled === 0 && busy === 0 && mover.size === 0) break;
      if (stop.signal.aborted && submitter.inFlight === 0) break;
      await mover.changedOrAfter(Math.min(poller.nextDueIn(), coordinator.nextIn(), mover.nextReadyIn(), 250));
    }
  } catch (error) {
    fatal = error;
  } finally {
    // Nothing of this run outlives it: sends and reads under way are waited for, even when the
    // loop failed (a caller closes the journal once the run returns).
    stop.abort();
    await Promise.all([submitter.drain(), poller.drain()]);
    options.signal?.removeEventListener("abort", onAbort);
    await coordinator.release().catch(() => undefined);
  }
  const items = await journal.items(plan.name);
  const interrupted = stop.signal.aborted && !items.every((i) => settledStates.has(i.state));
  emit({ type: "run", at: new Date(), worker, phase: interrupted ? "interrupted" : "finished", plan: plan.name });
  if (fatal !== undefined) throw fatal;
  return {
    plan: plan.name,
    worker,
    interrupted,
    counts: countStates(items),
    items,
    requests: counts.requests,
    throttled: counts.throttled,
    journal: { ...costSince(journal, costBefore), coordinationMs: coordinator.spentMs },
    control: coordinator.control,
    leases: coordinator.leaseChanges,
  };
}
