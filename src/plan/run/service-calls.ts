import type { Auth } from "../../auth/types.js";
import { type CallContext, exchangeOperation } from "../../client/call.js";
import { type ClientCore, createCore } from "../../client/core.js";
import type { RestoreClientOptions } from "../../client/options.js";
import { cbr, csbs, evs, rds, vbs } from "../../../generated/endpoints.js";
import type { EndpointOverrides } from "../../endpoints.js";
import type { Cloud } from "../../spec/server.js";
import { type RequestCounts, limitedFetch } from "../limited-fetch.js";
import type { RateBudgets } from "../rate-limiter.js";
import type { PlanService } from "../restore-operations.js";
import type { ServiceCall } from "../tracking.js";

export interface ServiceCallsOptions {
  readonly cloud: Cloud;
  readonly region: string;
  readonly projectId: string;
  readonly auth: Auth;
  readonly endpoints?: EndpointOverrides | undefined;
  readonly fetch?: typeof fetch | undefined;
  readonly budgets: RateBudgets;
  readonly counts: RequestCounts;
  /** Client options for every service (timeouts, retries, hooks). */
  readonly client?: Partial<RestoreClientOptions> | undefined;
}

/** The key of a service's rate budget: `cloud/region/service/project`. */
export const budgetKey = (o: { readonly cloud: string; readonly region: string; readonly projectId: string }, service: PlanService) => `${o.cloud}/${o.region}/${service}/${o.projectId}`;

// CBR and CSBS preflights read the target's disks from EVS.
const servers: Readonly<Record<PlanService, CallContext["servers"]>> = { cbr: { cbr, evs }, csbs: { csbs, evs }, vbs: { vbs, evs }, rds: { rds } };

/**
 * One SDK core per service, each sending through the rate budget of its `cloud/region/service/
 * project`, so that every request of the plan, status reads included, draws from the service's
 * budget. The calls are the SDK's own: same checks, signing, retries and fates.
 */
export function serviceCalls(o: ServiceCallsOptions): { readonly calls: Readonly<Record<PlanService, ServiceCall>>; readonly cores: readonly ClientCore[] } {
  const cores: ClientCore[] = [];
  const make = (service: PlanService): ServiceCall => {
    const budget = o.budgets.for(budgetKey(o, service));
    const core = createCore({
      ...o.client,
      cloud: o.cloud,
      region: o.region,
      projectId: o.projectId,
      auth: o.auth,
      ...(o.endpoints ? { endpoints: o.endpoints } : {}),
      fetch: limitedFetch(budget, o.counts, undefined, o.fetch ?? globalThis.fetch.bind(globalThis)),
    });
    cores.push(core);
    const context: CallContext = { core, servers: servers[service] };
    return (op, input, options) => exchangeOperation(context, op, input, options);
  };
  return { calls: { cbr: make("cbr"), csbs: make("csbs"), vbs: make("vbs"), rds: make("rds") }, cores };
}
