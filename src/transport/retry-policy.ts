/** How failed attempts are retried. Every field has a safe default. */
export interface RetryOptions {
  /** Retries after the first attempt; default 2. */
  readonly maxRetries?: number;
  /** First backoff step; default 500 ms. Each retry doubles it, with full jitter. */
  readonly baseDelayMs?: number;
  /** Largest backoff; default 20 s. */
  readonly maxDelayMs?: number;
  /**
   * Largest `Retry-After` restorekit waits for; default 60 s. When the service asks for longer,
   * the error is thrown (with `retryAfterMs`) instead of waiting.
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Also retry restores (non-idempotent POSTs) after a timeout, a reset connection or a 500, 502
   * or 504, when the restore may already have been applied. Off by default: opt in only when a
   * duplicate restore is harmless to you.
   */
  readonly retryUnsafe?: boolean;
}

/** Why an attempt failed, as far as retrying is concerned. */
export type AttemptFailure =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "timeout" }
  /** `reachedServer: false` only when the request provably never left (refused, DNS). */
  | { readonly kind: "connection"; readonly reachedServer: boolean };

/** Statuses after which the request was refused before it was processed. */
const refusedBeforeProcessing = new Set([429, 503]);
const transientStatuses = new Set([429, 500, 502, 503, 504]);
// A 3xx is never retried: restorekit does not follow redirects, and sending again would go to the same place.

/**
 * Whether a failed attempt may be sent again. Reads (idempotent) are retried on any transient
 * failure. A restore is retried only when it provably was not applied: 429, 503, or a
 * connection that never reached the server; `retryUnsafe` widens that to every transient
 * failure.
 */
export function isRetryable(failure: AttemptFailure, idempotent: boolean, retryUnsafe: boolean): boolean {
  const anyTransient = idempotent || retryUnsafe;
  switch (failure.kind) {
    case "status":
      return anyTransient ? transientStatuses.has(failure.status) : refusedBeforeProcessing.has(failure.status);
    case "timeout":
      return anyTransient;
    case "connection":
      return anyTransient || !failure.reachedServer;
  }
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base × 2^retry)). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry));
}

/** RFC 9110's HTTP-date: IMF-fixdate, the obsolete RFC 850 form, or asctime. */
const httpDate = /^(?:[A-Z][a-z]{2,8}, \d\d[ -][A-Z][a-z]{2}[ -]\d{2}(?:\d\d)? \d\d:\d\d:\d\d GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})$/;

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP-date (RFC 9110, 10.2.3). Anything
 * else (`-5`, `0.5`, `1, 2`, a date in another format) is ignored, so the backoff applies.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const trimmed = value?.trim() ?? "";
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  const at = httpDate.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Error codes of a fetch failure that prove the request never reached a server. */
const neverSent = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "ENETUNREACH", "EHOSTUNREACH"]);

/** Reads the error code out of a fetch failure (undici puts it on `cause`). */
export function failureCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function reachedServer(error: unknown): boolean {
  const code = failureCode(error);
  return !(code !== undefined && neverSent.has(code));
}
