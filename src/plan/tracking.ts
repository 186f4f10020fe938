import type { CallOptions } from "../client/options.js";
import type { OperationSpec } from "../spec/operation.js";
import type { Received } from "../transport/send.js";
import type { Verdict } from "../waiters/poll.js";
import type { AcceptedFacts } from "./journal/journal.js";

/** One operation's call through a service's limited client: the body, and the answer it came in (its `Date`, its request ID). */
export type ServiceCall = (op: OperationSpec, input: Record<string, unknown>, options?: CallOptions) => Promise<{ readonly body: unknown; readonly received: Received }>;

/** What the service's own records say about whether a restore started, with the records as evidence. */
export type Evidence =
  | { readonly verdict: "started"; readonly facts: AcceptedFacts; readonly evidence: Readonly<Record<string, unknown>> }
  | { readonly verdict: "not-started" | "unknown"; readonly evidence: Readonly<Record<string, unknown>> };

/** A status read: the verdict (`undefined` when the answer has no status), and progress from 0 to 1 when the service reports it. */
export interface StatusRead {
  readonly verdict: Verdict | undefined;
  readonly progress?: number | undefined;
  /**
   * The status is known to be this restore's: read from the service's record of the restore task,
   * or from a resource that changed after the restore was sent. A finished status that is not
   * certain, read before the restore was ever seen running, is doubted for a few seconds.
   */
  readonly certain?: boolean;
}

/** One problem a preflight read found: the field at fault, the rule, and what was read. */
export type PreflightProblem = readonly [field: string, rule: string, message: string];

/** Reads a resource for a preflight; a 404 becomes the problem `[field, "exists", ...]`, other errors are thrown. */
export async function readForPreflight(
  call: ServiceCall,
  op: OperationSpec,
  input: Record<string, unknown>,
  field: string,
  what: string,
): Promise<{ readonly body: unknown; readonly problem?: undefined } | { readonly problem: PreflightProblem }> {
  try {
    return { body: (await call(op, input)).body };
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return { problem: [field, "exists", `${field}: the ${what} does not exist`] };
    throw error;
  }
}

/** A followed restore, as a batch read sees it. */
export interface Followed {
  readonly facts: AcceptedFacts;
  readonly input: Record<string, unknown>;
  /** When its restore was sent, on this machine's clock. */
  readonly sentAt: Date;
}

/**
 * How to follow one service's restores in a plan: send one, keep what its answer names, read its
 * status, and tell from the service's records whether one started. It lives next to the
 * service's client; the runner knows no service.
 */
export interface RestoreTracking {
  readonly service: "cbr" | "csbs" | "vbs" | "rds";
  /** Sends the restore (the same operation, checks and normalization as the SDK's method). */
  restore(call: ServiceCall, input: Record<string, unknown>): Promise<{ readonly body: unknown; readonly received: Received }>;
  /** What to keep of an accepted answer: what to watch, and the IDs it gave. */
  accepted(input: Record<string, unknown>, answer: unknown): AcceptedFacts;
  /** One status read of what `facts.watch` names. */
  read(call: ServiceCall, followed: Followed): Promise<StatusRead>;
  /**
   * Status reads of many followed restores in a few requests, where one list read covers them.
   * Returns what it learned, by `facts.watch`; the others are read one at a time.
   */
  readMany?(call: ServiceCall, followed: readonly Followed[]): Promise<ReadonlyMap<string, StatusRead>>;
  /**
   * Whether a restore of this item started after `sentAt` (a time on this machine's clock; the
   * service's `Date` header relates it to the service's clock).
   */
  evidence(call: ServiceCall, input: Record<string, unknown>, sentAt: Date): Promise<Evidence>;
  /**
   * Reads what a restore of this item needs, sending no restore: the backup exists and can be
   * restored, the target exists, and the service's own rules hold (RDS: engine, version, volume).
   * Returns each problem as `[field, rule, message]`.
   */
  preflight(call: ServiceCall, input: Record<string, unknown>): Promise<PreflightProblem[]>;
  /** How long after acceptance a 404 means "not readable yet" (RDS jobs). */
  readonly notFoundGraceMs: number;
}

/**
 * Converts a time the service reports into this machine's clock, using the service's `Date`
 * header and the moment the answer arrived: robust to clocks that disagree.
 */
export function serviceTimeToLocal(serviceTime: string | undefined, received: Received, arrivedAt: number): number | undefined {
  // The services report UTC; EVS writes it without a zone designator, which Date.parse would read as local time.
  const utc = serviceTime && !/(Z|[+-]\d\d:?\d\d)$/i.test(serviceTime) ? `${serviceTime}Z` : serviceTime?.replace(/([+-]\d\d)(\d\d)$/, "$1:$2");
  const at = utc ? Date.parse(utc) : Number.NaN;
  const serverNow = Date.parse(received.headers.get("Date") ?? "");
  if (Number.isNaN(at)) return undefined;
  return Number.isNaN(serverNow) ? at : at + (arrivedAt - serverNow);
}

/** A service time (ms on this machine's clock) is after the send, allowing for the second-level resolution of `Date`. */
export const changedAfter = (local: number | undefined, sentAt: Date) => local !== undefined && local >= sentAt.getTime() - 2000;

/** The service's `YYYY-MM-DDTHH:MM:SSZ` for a time on this machine's clock, as a list filter. */
export const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
