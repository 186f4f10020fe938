import type { PlanControl } from "../journal/coordination.js";
import type { EventRecord, ItemRecord, Journal } from "../journal/journal.js";
import { countStates } from "../run/run-plan.js";
import type { ItemState } from "../states.js";
import { type ControlChangeRecord, type LeaseChange, type WorkerSummary, controlChanges, isMove, isReclaim, leaseChange, workerSummaries } from "./report-workers.js";

export type { ControlChangeRecord, LeaseChange, WorkerSummary } from "./report-workers.js";

/** One item in a report: its outcome, its times, and its recovery time against the target. */
export interface ReportItem {
  readonly id: string;
  readonly service: string;
  readonly state: ItemState;
  readonly attempts: number;
  readonly reason: string | null;
  readonly evidence: unknown;
  readonly ids: Readonly<Record<string, string>>;
  readonly firstSentAt: string | null;
  readonly acceptedAt: string | null;
  readonly finishedAt: string | null;
  /** From the run's start to the item's end, when it ended. */
  readonly recoveryMs: number | null;
  /** Whether the recovery time met `rtoMinutes`; `null` without a target or an end. */
  readonly rtoMet: boolean | null;
  /** Every move from one state to another, oldest first. */
  readonly moves: readonly { readonly at: string; readonly from: ItemState | null; readonly to: ItemState | null; readonly attempt: number | null; readonly worker: string | null; readonly requestId: string | null; readonly fate: string | null }[];
  /** Workers that moved this item. */
  readonly workers: readonly string[];
  /** The worker that holds the item's lease, or held it last; `null` when none has. */
  readonly leaseOwner: string | null;
  /** Each time another worker took the item over, its lease having run out, oldest first. */
  readonly leases: readonly LeaseChange[];
}

/** What every report format shows. */
export interface PlanReport {
  readonly plan: string;
  readonly generatedAt: string;
  readonly startedAt: string;
  readonly rtoMinutes: number | null;
  readonly counts: Readonly<Record<ItemState, number>>;
  readonly items: readonly ReportItem[];
  /** What the operator last asked of the run: go on (`run`), `pause` or `cancel`. */
  readonly control: PlanControl;
  /** Each worker that moved an item or reclaimed a lease, in the order it first did. */
  readonly workers: readonly WorkerSummary[];
  /** How many times an item's lease was taken over by another worker. */
  readonly leaseChanges: number;
  /** The operator's pauses, resumes and cancels, oldest first. */
  readonly controls: readonly ControlChangeRecord[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Builds the report of a plan's run from its journal. */
export async function planReport(journal: Journal, planId: string, now: Date = new Date()): Promise<PlanReport> {
  const plan = await journal.plan(planId);
  if (!plan) throw new Error(`the journal has no run of the plan ${planId}`);
  const items = await journal.items(planId);
  const events = await journal.events(planId);
  const rto = (plan.document as { rtoMinutes?: unknown } | null)?.rtoMinutes;
  const rtoMinutes = typeof rto === "number" ? rto : null;
  const byItem = new Map<string, EventRecord[]>();
  for (const e of events) {
    if (e.itemId === null) continue;
    const own = byItem.get(e.itemId);
    if (own) own.push(e);
    else byItem.set(e.itemId, [e]);
  }
  const started = plan.createdAt.getTime();
  const toReport = (item: ItemRecord): ReportItem => {
    const own = byItem.get(item.id) ?? [];
    const moves = own.filter(isMove);
    const recoveryMs = item.finishedAt && item.state === "succeeded" ? item.finishedAt.getTime() - started : null;
    return {
      id: item.id,
      service: item.service,
      state: item.state,
      attempts: item.attempt,
      reason: item.reason,
      evidence: item.evidence,
      ids: item.accepted?.ids ?? {},
      firstSentAt: iso(item.firstSentAt),
      acceptedAt: iso(item.acceptedAt),
      finishedAt: iso(item.finishedAt),
      recoveryMs,
      rtoMet: rtoMinutes === null || recoveryMs === null ? null : recoveryMs <= rtoMinutes * 60_000,
      moves: moves.map((m) => ({ at: m.at.toISOString(), from: m.from, to: m.to, attempt: m.attempt, worker: m.worker, requestId: m.requestId, fate: m.fate })),
      workers: [...new Set(moves.map((m) => m.worker).filter((w): w is string => w !== null))],
      leaseOwner: item.leaseOwner,
      leases: own.filter(isReclaim).map(leaseChange),
    };
  };
  return {
    plan: planId,
    generatedAt: now.toISOString(),
    startedAt: plan.createdAt.toISOString(),
    rtoMinutes,
    counts: countStates(items),
    items: items.map(toReport),
    control: plan.control,
    workers: workerSummaries(events),
    leaseChanges: events.filter(isReclaim).length,
    controls: controlChanges(events),
  };
}
