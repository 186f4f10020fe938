import { RestoreKitError, type RestoreKitErrorOptions } from "./restorekit-error.js";

type Options = Omit<RestoreKitErrorOptions, "facts">;

// The classes below take the base class's (message, { facts, fate, cause, redact }); their
// declared fields are the facts the transport passes.

/**
 * No response arrived: the connection was refused, reset or never opened. `reachedServer` is
 * false only when the request provably never left (refused, DNS failure); a restore that may
 * have reached the server is not retried by default.
 */
export class ConnectionError extends RestoreKitError {
  override readonly name = "ConnectionError";
  declare readonly operation: string;
  declare readonly attempts: number;
  declare readonly reachedServer: boolean;
}

/** An attempt took longer than `timeoutMs`. A restore that timed out after it was sent may have been applied. */
export class TimeoutError extends RestoreKitError {
  override readonly name = "TimeoutError";
  declare readonly operation: string;
  declare readonly attempts: number;
  declare readonly timeoutMs: number;
}

/** The call's (or the client's) signal aborted it. `reason` is the signal's reason; `fate` says whether the request had left. */
export class AbortedError extends RestoreKitError {
  override readonly name = "AbortedError";
  declare readonly operation: string;
  declare readonly reason: unknown;

  constructor(operation: string, reason: unknown, options: Options = {}) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super(`${operation}: aborted (${why})`, { ...options, cause: reason, facts: { operation } });
    // The reason itself stays reachable for code that aborted with its own value, but out of toJSON.
    Object.defineProperty(this, "reason", { value: reason, enumerable: false });
  }
}

/** An observability hook (`onRequest`, `onResponse`, `onRetry`) threw. The hook's error is the cause. */
export class HookError extends RestoreKitError {
  override readonly name = "HookError";
  declare readonly hook: string;
}

/**
 * The service answered with a success status but a body that is not the documented JSON (or
 * lacks what the restore needs, such as RDS's `job_id`). For a restore this means the restore
 * was accepted: do not send it again.
 */
export class MalformedResponseError extends RestoreKitError {
  override readonly name: string = "MalformedResponseError";
  declare readonly operation: string;
  /** The answer's status, when the answer at hand had one. */
  declare readonly status: number | undefined;
  declare readonly requestId: string | undefined;
}

/** A success answer larger than `maxResponseBytes`; reading stopped there. For a restore: it was accepted. */
export class ResponseTooLargeError extends MalformedResponseError {
  override readonly name = "ResponseTooLargeError";
  declare readonly maxResponseBytes: number;
}
