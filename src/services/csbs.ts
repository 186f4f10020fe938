import { csbs as csbsServers } from "../../generated/endpoints.js";
import { createRestore, showCheckpointItem } from "../../generated/operations/csbs.js";
import type { operations } from "../../generated/types/csbs.js";
import type { CallContext } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { FilledIn, InputOf, OutputOf } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";
import { type RestoreMethod, pick, restoreMethod } from "../client/restore-method.js";
import { type WaiterOptions, type WaiterSpec, waitFor } from "../waiters/service-waiters.js";
import { type CsbsItemState, judgeCsbs } from "../waiters/targets.js";

/** `provider_id` has one documented value, which the client fills in. */
type CreateRestoreInput = FilledIn<InputOf<operations["createRestore"]>, "restore", "provider_id">;

export interface CsbsMethods {
  /** Creates a restoration task (`POST /v1/{project_id}/restores`); `provider_id` is filled in. */
  readonly createRestore: RestoreMethod<CreateRestoreInput, OutputOf<operations["createRestore"]>, CsbsItemState>;
  /** Resolves when the backup (checkpoint item) is `available` again; throws `RestoreFailedError` with `fail_reason`. */
  readonly waitForRestore: (checkpointItemId: string, options?: WaiterOptions) => Promise<CsbsItemState>;
}

const waiter: WaiterSpec<CsbsItemState> = {
  service: "csbs",
  read: showCheckpointItem,
  judge: judgeCsbs,
  input: (checkpointItemId) => ({ checkpointItemId }),
  noun: "backup",
  doubtEarlyFinish: true,
};

export function csbsMethods(core: ClientCore): CsbsMethods {
  const context: CallContext = { core, servers: { csbs: csbsServers } };
  return {
    createRestore: restoreMethod(
      context,
      createRestore,
      (id, o) => waitFor(context, waiter, id, o),
      (input) => pick(input, "restore", "parameters", "checkpoint_item_id"),
    ),
    waitForRestore: (id, options) => waitFor(context, waiter, id, options),
  };
}

/** A CSBS-only client (a smaller bundle than `createRestoreClient`). */
export function createCsbsClient(options: RestoreClientOptions): CsbsMethods {
  return csbsMethods(createCore(options));
}
