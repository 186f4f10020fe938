import type { OperationSpec } from "../spec/operation.js";
import type { WaitOptions } from "../waiters/poll.js";
import type { WaiterOptions } from "../waiters/service-waiters.js";
import { type CallContext, callOperation } from "./call.js";
import type { CallOptions } from "./options.js";

/** What a restore started with `{ wait }` resolves to: the accepted answer and the final state. */
export interface Waited<Accepted, Final> {
  readonly accepted: Accepted;
  readonly final: Final;
}

/** A restore method: resolves when accepted, or with `{ wait }` when the restore has finished. */
export interface RestoreMethod<Input, Accepted, Final> {
  (input: Input, options?: CallOptions & { readonly wait?: false | undefined }): Promise<Accepted>;
  (input: Input, options: CallOptions & { readonly wait: true | WaitOptions }): Promise<Waited<Accepted, Final>>;
}

type Input = Record<string, unknown>;

/** Reads `path` out of a value, as a string (the ID a waiter follows). */
export const pick = (value: unknown, ...path: string[]): string => {
  let node = value;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return String(node);
};

/** A restore method; with `{ wait }`, it then waits for the resource that `target` names. */
export function restoreMethod<I, A, F>(
  context: CallContext,
  op: OperationSpec,
  wait: (target: string, options: WaiterOptions) => Promise<F>,
  target: (input: Input, accepted: unknown) => string,
  normalize?: (body: Input) => Input,
): RestoreMethod<I, A, F> {
  const run = async (input: I, options: CallOptions & { readonly wait?: boolean | WaitOptions } = {}) => {
    const { wait: waitOption, ...call } = options;
    const accepted = await callOperation(context, op, input as Input, call, normalize);
    if (!waitOption) return accepted;
    const waitOptions = waitOption === true ? {} : waitOption;
    const signal = waitOptions.signal ?? call.signal;
    const final = await wait(target(input as Input, accepted), {
      ...waitOptions,
      ...(call.projectId ? { projectId: call.projectId } : {}),
      ...(signal ? { signal } : {}),
    });
    return { accepted, final };
  };
  return run as RestoreMethod<I, A, F>;
}
