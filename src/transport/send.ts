import type { Auth, AuthContext } from "../auth/types.js";
import { type RequestFate, RestoreKitError, settleFate } from "../errors/restorekit-error.js";
import { AbortedError, ConnectionError, TimeoutError } from "../errors/transport-errors.js";
import type { Redactor } from "../redaction.js";
import { attempt, name, runHook } from "./attempt.js";
import type { Hooks } from "./hooks.js";
import { type AttemptFailure, backoffDelay, isRetryable } from "./retry-policy.js";
import { sleep } from "./sleep.js";

/** One logical request, which may take several attempts. */
export interface Exchange {
  readonly service: string;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** The headers exactly as they go on the wire (see `wireHeaders`), before the auth mode's. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized body, signed and sent as is; `""` for none. */
  readonly body: string;
  /** Reads are; restores are not. */
  readonly idempotent: boolean;
}

/** Everything an exchange needs from the client and the call's options. */
export interface TransportSettings {
  readonly fetch: typeof globalThis.fetch;
  readonly auth: Auth;
  /** The auth context without the attempt's signal, which each attempt adds. */
  readonly authContext: Omit<AuthContext, "signal">;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly retryUnsafe: boolean;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal | undefined;
  readonly hooks: Hooks;
  readonly random?: () => number;
}

/** The final answer of an exchange, body read (up to the limit). */
export interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly attempts: number;
  /** The `Retry-After` of the last answer, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The request's fate across all its attempts. */
  readonly fate: RequestFate;
  readonly requestId: string | undefined;
}

const order: readonly RequestFate[] = ["not-sent", "refused", "unknown", "accepted"];
/** The fate of several attempts: the furthest any of them got. */
const worst = (a: RequestFate, b: RequestFate): RequestFate => (order.indexOf(a) > order.indexOf(b) ? a : b);

const describe = (f: AttemptFailure) =>
  f.kind === "status" ? `HTTP ${f.status}` : f.kind === "timeout" ? "timeout" : f.reachedServer ? "connection lost" : "connection refused";

/**
 * Sends an exchange: authorizes or signs each attempt afresh, applies the per-attempt timeout,
 * retries what the retry policy allows (honouring `Retry-After` up to its cap), lets the auth
 * mode replace a refused credential once after a 401, and returns the last answer. Every error
 * it throws carries the request's fate across all its attempts: a restore that may have been
 * applied once is never reported as unsent, whatever happens after.
 */
export async function send(x: Exchange, s: TransportSettings): Promise<Received> {
  const state = { fate: "not-sent" as RequestFate };
  try {
    return await attempts(x, s, state);
  } catch (error) {
    if (error instanceof RestoreKitError) settleFate(error, worst(state.fate, error.fate), !x.idempotent);
    throw error;
  }
}

async function attempts(x: Exchange, s: TransportSettings, state: { fate: RequestFate }): Promise<Received> {
  const op = name(x);
  const redact = (t: string) => s.redactor.redact(t);
  let retries = 0;
  let refreshed = false;
  for (let n = 1; ; n++) {
    if (s.signal?.aborted) throw new AbortedError(op, s.signal.reason, { redact });
    const result = await attempt(x, s, n);
    let failure: AttemptFailure;
    let retryAfter: number | undefined;
    if ("received" in result) {
      const { received, request } = result;
      state.fate = worst(state.fate, received.fate);
      if (received.status < 300) return { ...received, fate: state.fate };
      if (received.status === 401 && !refreshed && s.auth.invalidate?.(request, { ...s.authContext, signal: s.signal ?? new AbortController().signal })) {
        refreshed = true;
        runHook(s.hooks.onRetry, "onRetry", () => ({ service: x.service, operation: x.operation, attempt: n, delayMs: 0, reason: "HTTP 401, credentials refreshed" }), s, state.fate);
        continue;
      }
      failure = { kind: "status", status: received.status };
      retryAfter = received.retryAfterMs;
      if (retries >= s.maxRetries || !isRetryable(failure, x.idempotent, s.retryUnsafe) || (retryAfter ?? 0) > s.maxRetryAfterMs) return { ...received, fate: state.fate };
    } else {
      failure = result.failure;
      state.fate = worst(state.fate, failure.kind === "connection" && !failure.reachedServer ? "not-sent" : "unknown");
      if (retries >= s.maxRetries || !isRetryable(failure, x.idempotent, s.retryUnsafe)) {
        const facts = { operation: op, attempts: n };
        if (failure.kind === "timeout") throw new TimeoutError(`${op}: no answer within ${s.timeoutMs} ms (attempt ${n})`, { facts: { ...facts, timeoutMs: s.timeoutMs }, fate: state.fate });
        const what = failure.reachedServer ? "the connection failed after the request was sent" : "could not connect";
        throw new ConnectionError(`${op}: ${what} (${new URL(x.url).host}, attempt ${n})`, { facts: { ...facts, reachedServer: failure.reachedServer }, fate: state.fate, cause: result.error, redact });
      }
    }
    retries++;
    const delayMs = retryAfter ?? backoffDelay(retries - 1, s.baseDelayMs, s.maxDelayMs, s.random);
    runHook(s.hooks.onRetry, "onRetry", () => ({ service: x.service, operation: x.operation, attempt: n, delayMs, reason: describe(failure) }), s, state.fate);
    try {
      await sleep(delayMs, s.signal);
    } catch {
      throw new AbortedError(op, s.signal?.reason, { redact });
    }
  }
}
