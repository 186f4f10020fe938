import { type CallContext, callOperation } from "../client/call.js";
import type { OperationSpec } from "../spec/operation.js";
import { type Verdict, type WaitOptions, pollUntilDone } from "./poll.js";

/** Options of a waiter: how to poll, and the project the resource belongs to. */
export interface WaiterOptions extends WaitOptions {
  readonly projectId?: string;
}

/** How long a "finished" status read before the restore was seen running is doubted. */
const confirmAfterMs = 10_000;

function waiter<S>(
  context: () => CallContext,
  service: string,
  op: OperationSpec,
  judge: (state: S) => Verdict,
  input: Record<string, string>,
  resource: string,
  options: WaiterOptions,
  confirm: number,
): Promise<S> {
  return pollUntilDone<S>(
    {
      service,
      resource,
      confirmAfterMs: confirm,
      judge,
      read: async (signal, remainingMs) =>
        (await callOperation(context(), op, input, {
          ...(options.projectId ? { projectId: options.projectId } : {}),
          ...(signal ? { signal } : {}),
          timeoutMs: Math.min(remainingMs, 30_000),
        })) as S,
    },
    options,
  );
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
}

/** Waits for one resource with a service's waiter. */
export function waitFor<S>(context: CallContext, spec: WaiterSpec<S>, id: string, options: WaiterOptions = {}): Promise<S> {
  return waiter<S>(() => context, spec.service, spec.read, spec.judge, spec.input(id), `${spec.noun} ${id}`, options, spec.doubtEarlyFinish ? confirmAfterMs : 0);
}
