import { RestoreKitError } from "./restorekit-error.js";

interface WaitFacts {
  readonly service: string;
  readonly resource: string;
  readonly status: string | undefined;
  readonly reads: number;
  readonly elapsedMs: number;
}

/** The restore ended in the service's failure state. `reason` is the service's own words. */
export class RestoreFailedError extends RestoreKitError {
  override readonly name = "RestoreFailedError";
  readonly service: string;
  readonly resource: string;
  readonly status: string | undefined;
  readonly reason: string | undefined;
  readonly reads: number;
  readonly elapsedMs: number;

  constructor(facts: WaitFacts & { reason: string | undefined }) {
    super(`${facts.service}: the restore of ${facts.resource} failed with status ${facts.status ?? "unknown"}${facts.reason ? `: ${facts.reason}` : ""}`);
    this.service = facts.service;
    this.resource = facts.resource;
    this.status = facts.status;
    this.reason = facts.reason;
    this.reads = facts.reads;
    this.elapsedMs = facts.elapsedMs;
  }

  protected override details(): Record<string, unknown> {
    const { service, resource, status, reason, reads, elapsedMs } = this;
    return { service, resource, status, reason, reads, elapsedMs };
  }
}

/** The restore had not finished within `maxWaitMs`. It may still finish; nothing was cancelled. */
export class WaitTimeoutError extends RestoreKitError {
  override readonly name = "WaitTimeoutError";
  readonly service: string;
  readonly resource: string;
  readonly status: string | undefined;
  readonly reads: number;
  readonly elapsedMs: number;

  constructor(facts: WaitFacts & { maxWaitMs: number }) {
    super(`${facts.service}: ${facts.resource} was still ${facts.status ?? "unread"} after ${facts.maxWaitMs} ms (${facts.reads} status reads); the restore may still finish`);
    this.service = facts.service;
    this.resource = facts.resource;
    this.status = facts.status;
    this.reads = facts.reads;
    this.elapsedMs = facts.elapsedMs;
  }

  protected override details(): Record<string, unknown> {
    const { service, resource, status, reads, elapsedMs } = this;
    return { service, resource, status, reads, elapsedMs };
  }
}
