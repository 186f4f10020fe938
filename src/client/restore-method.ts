import { RestoreKitError, settleFate } from "../errors/restorekit-error.js";
import { MalformedResponseError } from "../errors/transport-errors.js";
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
  /** `wait` known only at run time (a CLI flag, a job runner's setting). */
  (input: Input, options?: CallOptions & { readonly wait?: boolean | WaitOptions | undefined }): Promise<Accepted | Waited<Accepted, Final>>;
}

/**
 * Adds `{ wait }` to a restore method: after the restore is accepted, `wait` follows the resource
 * that `target` names (from the input or the accepted answer), in the call's project and with
 * the call's signal unless the wait options give their own.
 */
export function withWait<I, A, F>(
  restore: (input: I, options?: CallOptions) => Promise<A>,
  target: (input: I, accepted: A) => unknown,
  wait: (id: string, options: WaiterOptions) => Promise<F>,
  operation: string,
  /** What `target` reads, for the message when it is missing (`job_id`). */
  targetName: string,
): RestoreMethod<I, A, F> {
  const run = async (input: I, options: CallOptions & { readonly wait?: boolean | WaitOptions } = {}) => {
    const { wait: waitOption, ...call } = options;
    const accepted = await restore(input, call);
    if (!waitOption) return accepted;
    try {
      const id = target(input, accepted);
      if (typeof id !== "string" || id === "") {
        // The restore was accepted; only its answer lacks what waiting needs (RDS's job_id).
        throw new MalformedResponseError(`${operation}: the accepted answer has no ${targetName} to wait for: ${JSON.stringify(accepted)?.slice(0, 200)}`, {
          facts: { operation, status: undefined, requestId: undefined },
        });
      }
      const waitOptions = waitOption === true ? {} : waitOption;
      const signal = waitOptions.signal ?? call.signal;
      const final = await wait(id, { ...waitOptions, ...(call.projectId ? { projectId: call.projectId } : {}), ...(signal ? { signal } : {}) });
      return { accepted, final };
    } catch (error) {
      // Whatever happens while waiting, the restore itself was accepted.
      throw error instanceof RestoreKitError ? settleFate(error, "accepted", true) : error;
    }
  };
  return run as RestoreMethod<I, A, F>;
}
