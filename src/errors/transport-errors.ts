import { RestoreKitError } from "./restorekit-error.js";

interface AttemptFacts {
  readonly operation: string;
  readonly attempts: number;
}

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

  constructor(message: string, facts: AttemptFacts & { reachedServer: boolean }, cause?: unknown) {
    super(message, { cause, facts });
  }
}

/** An attempt took longer than `timeoutMs`. A restore that timed out may have been applied. */
export class TimeoutError extends RestoreKitError {
  override readonly name = "TimeoutError";
  declare readonly operation: string;
  declare readonly attempts: number;
  declare readonly timeoutMs: number;

  constructor(message: string, facts: AttemptFacts & { timeoutMs: number }) {
    super(message, { facts });
  }
}

/**
 * The service answered with a success status but a body that is not the documented JSON. For a
 * restore this means the restore was accepted: do not send it again.
 */
export class MalformedResponseError extends RestoreKitError {
  override readonly name = "MalformedResponseError";
  declare readonly operation: string;
  declare readonly status: number;
  declare readonly requestId: string | undefined;

  constructor(message: string, facts: { operation: string; status: number; requestId: string | undefined }) {
    super(message, { facts });
  }
}
