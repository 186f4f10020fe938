import type { Auth } from "../auth/types.js";
import type { EndpointOverrides } from "../endpoints.js";
import type { RequestCounts } from "./limited-fetch.js";
import type { CheckedPlan } from "./plan-check.js";
import { PlanError, type PlanProblem } from "./plan-error.js";
import { type AdaptiveOptions, AdaptiveRate, RateBudgets } from "./rate-limiter.js";
import { defaultTrackings } from "./run/run-plan.js";
import { serviceCalls } from "./run/service-calls.js";
import type { PlanService } from "./restore-operations.js";
import type { RestoreTracking } from "./tracking.js";

export interface PreflightOptions {
  readonly plan: CheckedPlan;
  readonly auth: Auth;
  readonly endpoints?: EndpointOverrides;
  readonly fetch?: typeof fetch;
  readonly rate?: AdaptiveOptions;
  /** Items read at once; default 8. */
  readonly concurrency?: number;
  readonly trackings?: Readonly<Record<PlanService, RestoreTracking>>;
}

/**
 * Reads, for every item, what its restore needs, and sends no restore: the backup exists and
 * can be restored, the target exists, and the service's rules hold (RDS: the engine, its
 * version and the volume size when restoring to another instance; the point in time within
 * the restorable time). Reads go through the services' rate budgets. Throws one `PlanError`
 * listing every problem; resolves with the number of reads when there is none.
 */
export async function preflightPlan(o: PreflightOptions): Promise<{ readonly items: number; readonly requests: number }> {
  const counts: RequestCounts = { requests: 0, throttled: 0 };
  const budgets = new RateBudgets(() => new AdaptiveRate(o.rate));
  const { calls } = serviceCalls({ cloud: o.plan.cloud, region: o.plan.region, projectId: o.plan.projectId, auth: o.auth, endpoints: o.endpoints, fetch: o.fetch, budgets, counts });
  const trackings = o.trackings ?? defaultTrackings;
  const problems: PlanProblem[] = [];
  const queue = [...o.plan.items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        for (const [field, rule, message] of await trackings[item.service].preflight(calls[item.service], item.input)) problems.push({ item: item.id, field, rule, message: `${item.id}: ${message}` });
      } catch (error) {
        problems.push({ item: item.id, field: "(item)", rule: "read", message: `${item.id}: could not be checked: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 8) }, worker));
  if (problems.length) {
    const order = new Map(o.plan.items.map((i, n) => [i.id, n]));
    problems.sort((a, b) => (order.get(a.item ?? "") ?? 0) - (order.get(b.item ?? "") ?? 0));
    throw new PlanError(`the preflight found ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}; no restore was sent`, problems);
  }
  return { items: o.plan.items.length, requests: counts.requests };
}
