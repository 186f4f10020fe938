import { RestoreKitError } from "./restorekit-error.js";

interface WaitFacts {
  readonly service: string;
  readonly resource: string;
  readonly status: string | undefined;
  readonly reads: number;
  readonly elapsedMs: number;
}

/** The restore ended in the service's failure state. `reason` is the service's own words. Its fate is `accepted`. */
export class RestoreFailedError extends RestoreKitError {
  override readonly name = "RestoreFailedError";
  declare readonly service: string;
  declare readonly resource: string;
  declare readonly status: string | undefined;
  declare readonly reason: string | undefined;
  declare readonly reads: number;
  declare readonly elapsedMs: number;

  constructor(facts: WaitFacts & { reason: string | undefined }) {
    const reason = facts.reason ? `: ${facts.reason}` : "";
    super(`${facts.service}: the restore of ${facts.resource} failed with status ${facts.status ?? "unknown"}${reason}`, { facts, fate: "accepted" });
  }
}

/**
 * The restore had not finished within `maxWaitMs`. It may still finish; nothing was cancelled.
 * `lastError` describes the last read that failed, when reads were failing.
 */
export class WaitTimeoutError extends RestoreKitError {
  override readonly name = "WaitTimeoutError";
  declare readonly service: string;
  declare readonly resource: string;
  declare readonly status: string | undefined;
  declare readonly reads: number;
  declare readonly elapsedMs: number;
  declare readonly maxWaitMs: number;
  declare readonly lastError: string | undefined;

  constructor(facts: WaitFacts & { maxWaitMs: number; lastError?: string | undefined }) {
    const last = facts.lastError ? `; the last read failed: ${facts.lastError}` : "";
    super(
      `${facts.service}: ${facts.resource} was still ${facts.status ?? "unread"} after ${facts.maxWaitMs} ms (${facts.reads} status reads${last}); the restore may still finish`,
      { facts, fate: "accepted" },
    );
  }
}
