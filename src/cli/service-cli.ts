import type { RestoreClient } from "../client/create-client.js";
import type { CallOptions } from "../client/options.js";
import type { EndpointService } from "../endpoints.js";
import type { Verdict } from "../waiters/poll.js";
import type { WaiterOptions } from "../waiters/restore-waiters.js";
import type { FlagSpec, Flags } from "./command.js";
import type { FieldFlags } from "./translate.js";

/** A prepared restore: the SDK input, and what to show of it before it is sent. */
export interface PreparedRestore<Input> {
  readonly input: Input;
  /** Lines printed before the request (plain output), and the same facts for `--json`. */
  readonly notes?: { readonly lines: readonly string[]; readonly json: Readonly<Record<string, unknown>> };
}

/**
 * What the CLI knows of one service: how to build its restore from flags, which ID its
 * restore gives or names, and how to read and wait for that ID. `serviceFamily` turns it
 * into `restorekit <service> restore | status | wait`.
 */
export interface ServiceCli<Input = unknown> {
  readonly service: "cbr" | "csbs" | "vbs" | "rds";
  /** For the family's summary: `restore a disk from a VBS backup`. */
  readonly summary: string;
  readonly restore: {
    readonly synopsis: string;
    readonly description?: string;
    readonly flags: readonly FlagSpec[];
    readonly example: string;
    /** The SDK operation, to tell its requests from the reads and logins in the hooks. */
    readonly operation: string;
    /** Endpoint table keys of the restore request. */
    readonly uses: readonly EndpointService[];
    /** SDK field paths and the flags that set them, for messages. */
    readonly fields: FieldFlags;
    prepare(flags: Flags): PreparedRestore<Input>;
    send(rk: RestoreClient, input: Input, options: CallOptions): Promise<unknown>;
    /** The ID that status and wait take, from the input or the accepted answer. */
    targetId(input: Input, accepted: unknown): string | undefined;
  };
  /** The ID status and wait take, and the resource it names. */
  readonly target: {
    readonly flag: FlagSpec;
    /** SDK field paths of the read and the waiter, and the flag that sets them. */
    readonly fields: FieldFlags;
    /** `disk`, `backup`, `job`: for messages. */
    readonly noun: string;
    /** Endpoint table keys of the status read. */
    readonly uses: readonly EndpointService[];
    /** What the state means, as the waiter reads it. */
    readonly meaning: string;
    readonly example: string;
  };
  read(rk: RestoreClient, id: string, options: CallOptions): Promise<unknown>;
  wait(rk: RestoreClient, id: string, options: WaiterOptions): Promise<unknown>;
  judge(state: unknown): Verdict | undefined;
}
