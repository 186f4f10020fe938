import type { OutgoingRequest } from "../auth/types.js";
import { fateOfStatus } from "../errors/api-error.js";
import { AuthError } from "../errors/auth-error.js";
import { type RequestFate, RestoreKitError } from "../errors/restorekit-error.js";
import { AbortedError, ConnectionError, HookError, MalformedResponseError, ResponseTooLargeError, TimeoutError } from "../errors/transport-errors.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactHeaders, secretHeaders } from "../redaction.js";
import { toCurl } from "./curl.js";
import { type AttemptFailure, parseRetryAfter, reachedServer } from "./retry-policy.js";
import { readBody } from "./response-body.js";
import type { Exchange, Received, TransportSettings } from "./send.js";
import { headerValueProblem } from "./wire-headers.js";

/** One attempt's result: a whole answer (any status), or a failure before any status arrived. */
export type AttemptResult =
  | { readonly received: Received; readonly request: OutgoingRequest }
  | { readonly failure: Exclude<AttemptFailure, { kind: "status" }>; readonly error: unknown };

export const name = (x: Exchange) => `${x.service}.${x.operation}`;

/** Runs a hook; its exception is the caller's, never a network failure, so it is wrapped with the attempt's fate. */
export function runHook<E>(hook: ((event: E) => void) | undefined, hookName: string, event: () => E, s: TransportSettings, fate: RequestFate): void {
  if (!hook) return;
  try {
    hook(event());
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new HookError(`the ${hookName} hook threw: ${why}`, { facts: { hook: hookName }, cause: error, fate, redact: (t) => s.redactor.redact(t) });
  }
}

/** A value the auth mode set that cannot go on the wire: the token or signature (AuthError), or the project (ValidationError). */
function checkWire(x: Exchange, headers: Readonly<Record<string, string>>): void {
  for (const [header, value] of Object.entries(headers)) {
    const problem = headerValueProblem(value);
    if (!problem) continue;
    const lower = header.toLowerCase();
    if (secretHeaders.has(lower)) throw new AuthError(`${name(x)}: the ${header} header the auth mode produced ${problem}; nothing was sent`);
    const path = lower === "x-project-id" ? "projectId" : `headers.${header}`;
    throw new ValidationError(name(x), [{ path, rule: "headerValue", message: `${path} ${problem}` }]);
  }
}

/**
 * One attempt: authorize (under the attempt's deadline), check what will go on the wire, send
 * with `redirect: "manual"`, and read the answer up to `maxResponseBytes`. A failure before any
 * status arrived is returned for the retry policy; everything else that goes wrong (a hook,
 * the auth mode, an abort, a success answer that cannot be read) is thrown with its fate.
 */
export async function attempt(x: Exchange, s: TransportSettings, n: number): Promise<AttemptResult> {
  const op = name(x);
  const redact = (t: string) => s.redactor.redact(t);
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const signal = s.signal ? AbortSignal.any([s.signal, timeout]) : timeout;
  const request: OutgoingRequest = { method: x.method, url: new URL(x.url), headers: { ...x.headers }, body: x.body };
  const facts = { operation: op, attempts: n };
  const timedOut = (what: string, fate: RequestFate) => new TimeoutError(`${op}: ${what} within ${s.timeoutMs} ms (attempt ${n})`, { facts: { ...facts, timeoutMs: s.timeoutMs }, fate });
  try {
    await s.auth.authorize(request, { ...s.authContext, signal });
  } catch (error) {
    if (s.signal?.aborted) throw new AbortedError(op, s.signal.reason, { redact });
    if (timeout.aborted) throw timedOut("the credentials were not ready", "not-sent");
    if (error instanceof RestoreKitError) throw error;
    throw new AuthError(`${op}: the ${s.auth.kind} auth mode failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, redact });
  }
  checkWire(x, request.headers);
  const event = { service: x.service, operation: x.operation, method: x.method, url: x.url, attempt: n };
  const sentHeaders = () => redactHeaders(request.headers, redact);
  runHook(s.hooks.onRequest, "onRequest", () => ({ ...event, headers: sentHeaders(), body: redact(x.body) }), s, "not-sent");
  if (s.hooks.debug) {
    const line = redact(toCurl(x.method, x.url, request.headers, x.body));
    runHook(typeof s.hooks.debug === "function" ? s.hooks.debug : console.error, "debug", () => line, s, "not-sent");
  }
  const started = performance.now();
  let response: Response;
  try {
    response = await s.fetch(x.url, {
      method: x.method,
      headers: request.headers,
      ...(x.body ? { body: x.body } : {}),
      signal,
      redirect: "manual",
    });
  } catch (error) {
    if (s.signal?.aborted) throw new AbortedError(op, s.signal.reason, { fate: "unknown", redact });
    if (timeout.aborted) return { failure: { kind: "timeout" }, error };
    return { failure: { kind: "connection", reachedServer: reachedServer(error) }, error };
  }
  const { status } = response;
  const fate = fateOfStatus(status);
  const requestId = response.headers.get("X-Request-Id") ?? undefined;
  let body: { text: string; truncated: boolean };
  try {
    body = await readBody(response, s.maxResponseBytes);
  } catch (error) {
    // The status arrived, so the request's fate is known; only the body was lost. An error
    // status is still an answer; a success whose body is lost is reported with its fate.
    if (s.signal?.aborted) throw new AbortedError(op, s.signal.reason, { fate, redact });
    if (fate !== "accepted") body = { text: "", truncated: false };
    else if (timeout.aborted) throw timedOut(`HTTP ${status} arrived, but not its body,`, fate);
    else throw new ConnectionError(`${op}: HTTP ${status} arrived, then the connection failed (attempt ${n})`, { facts: { ...facts, reachedServer: true }, fate, cause: error, redact });
  }
  if (fate === "accepted" && body.truncated) {
    const answer = { operation: op, status, requestId, maxResponseBytes: s.maxResponseBytes };
    throw new ResponseTooLargeError(`${op}: HTTP ${status} with a body larger than ${s.maxResponseBytes} bytes`, { facts: answer, fate });
  }
  runHook(s.hooks.onResponse, "onResponse", () => {
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, header) => {
      responseHeaders[header] = value;
    });
    return { ...event, headers: sentHeaders(), status, durationMs: performance.now() - started, requestId, responseHeaders: redactHeaders(responseHeaders, redact) };
  }, s, fate);
  return {
    request,
    received: { status, headers: response.headers, text: body.text, attempts: n, retryAfterMs: parseRetryAfter(response.headers.get("Retry-After")), fate, requestId },
  };
}

/** The success body as JSON; a body that is not JSON is a `MalformedResponseError` with the answer's fate. */
export function parseJson(op: string, received: Received, what = "a body that is not JSON"): unknown {
  try {
    return JSON.parse(received.text);
  } catch {
    throw new MalformedResponseError(`${op}: HTTP ${received.status} with ${what}`, { facts: { operation: op, status: received.status, requestId: received.requestId }, fate: received.fate });
  }
}
