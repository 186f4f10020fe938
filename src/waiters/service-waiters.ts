import { type CallContext, callOperation } from "../client/call.js";
import type { OperationSpec } from "../spec/operation.js";
import { type Verdict, type WaitOptions, pollUntilDone } from "./poll.js";

/** Options of a waiter: how to poll, and the project the resource belongs to. */
export interface WaiterOptions extends WaitOptions {
  readonly projectId?: string;
}

/** The waiter of one service: its status read, how to judge it, and how to name the resource. */
export interface WaiterSpec<S> {
  readonly service: string;
  readonly read: OperationSpec;
  readonly judge: (state: S) => Verdict;
  /** The read's input for a resource ID, e.g. `{ backupId }`. */
  readonly input: (id: string) => Record<string, string>;
  readonly noun: string;
  /** Whether a "finished" state seen before any pending one is doubted (see `confirmAfterMs`). */
  readonly doubtEarlyFinish: boolean;
  /** How long after the start a 404 means "not readable yet" (RDS: a new job takes seconds to appear). */
  readonly notFoundGraceMs?: number;
}

/** Longest single status read; the wait's remaining budget shortens it further. */
const readTimeoutMs = 30_000;

/** Waits for one resource with a service's waiter. Reads use the client's normal retry policy. */
export function waitFor<S>(context: CallContext, spec: WaiterSpec<S>, id: string, options: WaiterOptions = {}): Promise<S> {
  const input = spec.input(id);
  return pollUntilDone<S>(
    {
      service: spec.service,
      resource: `${spec.noun} ${id}`,
      doubtEarlyFinish: spec.doubtEarlyFinish,
      ...(spec.notFoundGraceMs ? { notFoundGraceMs: spec.notFoundGraceMs } : {}),
      judge: spec.judge,
      read: async (signal, remainingMs) =>
        (await callOperation(context, spec.read, input, {
          ...(options.projectId ? { projectId: options.projectId } : {}),
          ...(signal ? { signal } : {}),
          timeoutMs: Math.min(remainingMs, readTimeoutMs),
        })) as S,
    },
    options,
  );
}
