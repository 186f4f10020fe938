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
  readonly operation: string;
  readonly attempts: number;
  readonly reachedServer: boolean;

  constructor(message: string, facts: AttemptFacts & { reachedServer: boolean }, cause?: unknown) {
    super(message, { cause });
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.reachedServer = facts.reachedServer;
  }

  protected override details(): Record<string, unknown> {
    return { operation: this.operation, attempts: this.attempts, reachedServer: this.reachedServer };
  }
}

/** An attempt took longer than `timeoutMs`. A restore that timed out may have been applied. */
export class TimeoutError extends RestoreKitError {
  override readonly name = "TimeoutError";
  readonly operation: string;
  readonly attempts: number;
  readonly timeoutMs: number;

  constructor(message: string, facts: AttemptFacts & { timeoutMs: number }) {
    super(message);
    this.operation = facts.operation;
    this.attempts = facts.attempts;
    this.timeoutMs = facts.timeoutMs;
  }

  protected override details(): Record<string, unknown> {
    return { operation: this.operation, attempts: this.attempts, timeoutMs: this.timeoutMs };
  }
}

/**
 * The service answered with a success status but a body that is not the documented JSON. For a
 * restore this means the restore was accepted: do not send it again.
 */
export class MalformedResponseError extends RestoreKitError {
  override readonly name = "MalformedResponseError";
  readonly operation: string;
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(message: string, facts: { operation: string; status: number; requestId: string | undefined }) {
    super(message);
    this.operation = facts.operation;
    this.status = facts.status;
    this.requestId = facts.requestId;
  }

  protected override details(): Record<string, unknown> {
    return { operation: this.operation, status: this.status, requestId: this.requestId };
  }
}
