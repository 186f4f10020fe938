import { AsyncLocalStorage } from "node:async_hooks";
import { parseRetryAfter } from "../transport/retry-policy.js";
import type { RateBudget } from "./rate-limiter.js";

/** Counts of what went through a limited fetch. */
export interface RequestCounts {
  requests: number;
  throttled: number;
}

/** A token drawn before the work that will use it (see `withPrepaidToken`). */
const prepaid = new AsyncLocalStorage<{ used: boolean; throttles: number }>();

/**
 * Runs `work` with one token already drawn from its service's budget: the first request `work` makes spends
 * it instead of drawing again. The plan draws the token before it commits an item's move to
 * `sending`, so the restore leaves right after that commit, not minutes later behind a queue. A
 * token drawn before the budget's latest 429 is stale (the service asked for a pause since), and
 * the request draws a fresh one.
 */
export function withPrepaidToken<T>(throttlesAtDraw: number, work: () => Promise<T>): Promise<T> {
  return prepaid.run({ used: false, throttles: throttlesAtDraw }, work);
}

/**
 * A fetch that draws every request, reads included, from a rate budget, and tells the budget
 * about 429s. restorekit's transport retries above it, so each attempt is counted and limited.
 */
export function limitedFetch(budget: RateBudget, counts: RequestCounts, signal?: AbortSignal, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const token = prepaid.getStore();
    const fresh = token !== undefined && !token.used && token.throttles === budget.throttles;
    if (token) token.used = true;
    if (!fresh) await budget.acquire(init?.signal ?? signal ?? undefined);
    counts.requests++;
    const response = await base(input, init);
    if (response.status === 429) {
      counts.throttled++;
      budget.throttled(parseRetryAfter(response.headers.get("Retry-After")));
    } else budget.succeeded();
    return response;
  };
}
