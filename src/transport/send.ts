import type { Auth, AuthContext, OutgoingRequest } from "../auth/types.js";
import { ConnectionError, TimeoutError } from "../errors/transport-errors.js";
import { type Redactor, redactHeaders } from "../redaction.js";
import { toCurl } from "./curl.js";
import type { Hooks } from "./hooks.js";
import { type AttemptFailure, backoffDelay, isRetryable, parseRetryAfter, reachedServer } from "./retry-policy.js";
import { sleep } from "./sleep.js";

/** One logical request, which may take several attempts. */
export interface Exchange {
  readonly service: string;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
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
  readonly authContext: AuthContext;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly retryUnsafe: boolean;
  readonly signal?: AbortSignal | undefined;
  readonly hooks: Hooks;
  readonly random?: () => number;
}

/** The final answer of an exchange, body read in full. */
export interface Received {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly attempts: number;
  /** The `Retry-After` of the last answer, in milliseconds. */
  readonly retryAfterMs: number | undefined;
}

/** One attempt's result: an answer (with a failure when its status is an error), or a failure with the thrown error. */
interface Outcome {
  readonly received?: Received;
  readonly failure?: AttemptFailure;
  readonly error?: unknown;
}

const describe = (f: AttemptFailure) =>
  f.kind === "status" ? `HTTP ${f.status}` : f.kind === "timeout" ? "timeout" : f.reachedServer ? "connection lost" : "connection refused";

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

async function attemptOnce(exchange: Exchange, s: TransportSettings, attempt: number): Promise<Outcome> {
  const request: OutgoingRequest = { method: exchange.method, url: new URL(exchange.url), headers: { ...exchange.headers }, body: exchange.body };
  await s.auth.authorize(request, s.authContext);
  const event = { service: exchange.service, operation: exchange.operation, method: exchange.method, url: exchange.url, attempt };
  const redacted = redactHeaders(request.headers);
  s.hooks.onRequest?.({ ...event, headers: redacted, body: exchange.body });
  if (s.hooks.debug) {
    const line = s.redactor.redact(toCurl(exchange.method, exchange.url, request.headers, exchange.body));
    if (typeof s.hooks.debug === "function") s.hooks.debug(line);
    else console.error(line);
  }
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const signal = s.signal ? AbortSignal.any([s.signal, timeout]) : timeout;
  const started = performance.now();
  try {
    const response = await s.fetch(exchange.url, {
      method: exchange.method,
      headers: request.headers,
      ...(exchange.body ? { body: exchange.body } : {}),
      signal,
    });
    // The body is read under the same deadline, so a slow body counts against the attempt.
    const text = await response.text();
    const requestId = response.headers.get("X-Request-Id") ?? undefined;
    s.hooks.onResponse?.({
      ...event,
      headers: redacted,
      status: response.status,
      durationMs: performance.now() - started,
      requestId,
      responseHeaders: redactHeaders(headerRecord(response.headers)),
    });
    const received: Received = {
      status: response.status,
      headers: response.headers,
      text,
      attempts: attempt,
      retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")),
    };
    return response.ok ? { received } : { received, failure: { kind: "status", status: response.status } };
  } catch (error) {
    if (s.signal?.aborted) throw s.signal.reason;
    if (timeout.aborted) return { failure: { kind: "timeout" }, error };
    return { failure: { kind: "connection", reachedServer: reachedServer(error) }, error };
  }
}

/**
 * Sends an exchange: signs or authorizes each attempt afresh, applies the per-attempt timeout,
 * retries what the retry policy allows (honouring `Retry-After` up to its cap), refreshes an
 * IAM token once after a 401, and returns the last answer. Connection failures and timeouts
 * that are not retried throw `ConnectionError` and `TimeoutError`; an abort throws the signal's
 * reason, even during a backoff sleep.
 */
export async function send(exchange: Exchange, s: TransportSettings): Promise<Received> {
  let retries = 0;
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    if (s.signal?.aborted) throw s.signal.reason;
    const { received, failure, error } = await attemptOnce(exchange, s, attempt);
    if (!failure && received) return received;
    if (failure?.kind === "status" && failure.status === 401 && !refreshed && s.auth.invalidate?.(s.authContext)) {
      refreshed = true;
      s.hooks.onRetry?.({ service: exchange.service, operation: exchange.operation, attempt, delayMs: 0, reason: "HTTP 401, credentials refreshed" });
      continue;
    }
    const retryAfter = received?.retryAfterMs;
    const allowed =
      failure !== undefined &&
      retries < s.maxRetries &&
      isRetryable(failure, exchange.idempotent, s.retryUnsafe) &&
      !(retryAfter !== undefined && retryAfter > s.maxRetryAfterMs);
    if (!allowed || !failure) {
      if (received) return received;
      const facts = { operation: `${exchange.service}.${exchange.operation}`, attempts: attempt };
      if (failure?.kind === "timeout") {
        const unsafe = exchange.idempotent ? "" : "; the restore may have been applied, so it was not sent again: check the resource's status";
        throw new TimeoutError(`${facts.operation}: no complete answer within ${s.timeoutMs} ms (attempt ${attempt})${unsafe}`, {
          ...facts,
          timeoutMs: s.timeoutMs,
        });
      }
      const reached = failure?.kind === "connection" ? failure.reachedServer : true;
      throw new ConnectionError(
        s.redactor.redact(`${facts.operation}: ${reached ? "the connection failed after the request was sent" : "could not connect"} (${new URL(exchange.url).host}, attempt ${attempt})`),
        { ...facts, reachedServer: reached },
        error,
      );
    }
    retries++;
    const delayMs = retryAfter ?? backoffDelay(retries - 1, s.baseDelayMs, s.maxDelayMs, s.random);
    s.hooks.onRetry?.({ service: exchange.service, operation: exchange.operation, attempt, delayMs, reason: describe(failure) });
    await sleep(delayMs, s.signal);
  }
}
