import { AsyncLocalStorage } from "node:async_hooks";
import { parseRetryAfter } from "../transport/retry-policy.js";
import type { RateBudget } from "./rate-limiter.js";

/** Counts of what went through a limited fetch. */
export interface RequestCounts {
  requests: number;
  throttled: number;
}

/**
 * A token drawn before the work that will use it (see `withPrepaidToken`), and the time by which
 * that work's request must leave, if any: after it, the request is not sent (`refused`).
 */
export interface PrepaidTicket {
  used: boolean;
  readonly throttles: number;
  /** `performance.now()` after which no request may leave. */
  readonly sendBy?: number | undefined;
  refused: boolean;
}

/** Thrown, before anything is sent, when a ticket's `sendBy` has passed. */
export class SendWindowClosed extends Error {
  override readonly name = "SendWindowClosed";
}

const prepaid = new AsyncLocalStorage<PrepaidTicket>();

/**
 * Runs `work` with one token already drawn from its service's budget: the first request `work` makes spends
 * it instead of drawing again. The plan draws the token before it commits an item's move to
 * `sending`, so the restore leaves right after that commit, not minutes later behind a queue. A
 * token drawn before the budget's latest 429 is stale (the service asked for a pause since), and
 * the request draws a fresh one. With `sendBy`, no request leaves after that time: the ticket is
 * marked `refused`, and the request fails before anything is sent (a lease that may have run out
 * must not send a restore another worker may be sending).
 */
export function withPrepaidToken<T>(ticket: PrepaidTicket, work: () => Promise<T>): Promise<T> {
  return prepaid.run(ticket, work);
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
    // A prepaid request whose token went stale is a restore already committed to `sending`: it goes first.
    if (!fresh) await budget.acquire(init?.signal ?? signal ?? undefined, token ? "sending" : "read");
    if (token?.sendBy !== undefined && performance.now() > token.sendBy) {
      token.refused = true;
      throw new SendWindowClosed("the worker's lease on this item may have run out before the request could leave; nothing was sent");
    }
    counts.requests++;
    const response = await base(input, init);
    if (response.status === 429) {
      counts.throttled++;
      budget.throttled(parseRetryAfter(response.headers.get("Retry-After")));
    } else budget.succeeded();
    return response;
  };
}
