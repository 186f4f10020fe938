import type { WaitOptions } from "../waiters/poll.js";
import type { WaiterOptions } from "../waiters/restore-waiters.js";
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

/**
 * Adds `{ wait }` to a restore method: after the restore is accepted, `wait` follows the resource
 * that `target` names (from the input or the accepted answer), in the call's project and with
 * the call's signal unless the wait options give their own.
 */
export function withWait<I, A, F>(
  restore: (input: I, options?: CallOptions) => Promise<A>,
  target: (input: I, accepted: A) => string,
  wait: (id: string, options: WaiterOptions) => Promise<F>,
): RestoreMethod<I, A, F> {
  const run = async (input: I, options: CallOptions & { readonly wait?: boolean | WaitOptions } = {}) => {
    const { wait: waitOption, ...call } = options;
    const accepted = await restore(input, call);
    if (!waitOption) return accepted;
    const waitOptions = waitOption === true ? {} : waitOption;
    const signal = waitOptions.signal ?? call.signal;
    const final = await wait(target(input, accepted), {
      ...waitOptions,
      ...(call.projectId ? { projectId: call.projectId } : {}),
      ...(signal ? { signal } : {}),
    });
    return { accepted, final };
  };
  return run as RestoreMethod<I, A, F>;
}
