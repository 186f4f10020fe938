import { parseRetryAfter } from "../transport/retry-policy.js";
import type { RateBudget } from "./rate-limiter.js";

/** Counts of what went through a limited fetch. */
export interface RequestCounts {
  requests: number;
  throttled: number;
}

/**
 * A fetch that draws every request, reads included, from a rate budget, and tells the budget
 * about 429s. restorekit's transport retries above it, so each attempt is counted and limited.
 */
export function limitedFetch(budget: RateBudget, counts: RequestCounts, signal?: AbortSignal, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    await budget.acquire(init?.signal ?? signal ?? undefined);
    counts.requests++;
    const response = await base(input, init);
    if (response.status === 429) {
      counts.throttled++;
      budget.throttled(parseRetryAfter(response.headers.get("Retry-After")));
    } else budget.succeeded();
    return response;
  };
}
