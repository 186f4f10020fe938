import type { EmulatorState, RestoreRecord } from "../state.js";

/** What a route handler gets: the parsed, validated request and the emulator's model. */
export interface HandlerContext {
  readonly state: EmulatorState;
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly requestId: string;
  readonly projectId: string;
  readonly now: () => number;
  /** How long a restore accepted now takes. */
  readonly duration: () => number;
  /** Set by a `restoreFails` fault: the restore is accepted and ends in the failure state. */
  readonly failure: { readonly reason: string } | undefined;
  readonly newId: () => string;
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (context: HandlerContext) => HandlerResult;

export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** EVS's time format: UTC without a zone designator, to the microsecond (`2026-11-23T10:00:00.123000`). */
export const evsTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "000");

/**
 * Records an accepted restore in the log and schedules its end after the configured duration;
 * `finish` receives whether it fails (a `restoreFails` fault) and applies the final state.
 */
export function acceptRestore(c: HandlerContext, service: RestoreRecord["service"], target: string, finish: (fails: boolean) => void): RestoreRecord {
  const duration = c.duration();
  const record = c.state.record({
    service,
    operationId: c.operationId,
    requestId: c.requestId,
    at: c.now(),
    projectId: c.projectId,
    target,
    body: c.body,
    finishesAt: c.now() + duration,
    durationMs: duration,
    outcome: c.failure ? "fails" : "succeeds",
  });
  c.state.later(duration, () => finish(record.outcome === "fails"));
  return record;
}
