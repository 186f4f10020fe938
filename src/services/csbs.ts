import { csbs as csbsServers } from "../../generated/endpoints.js";
import { createRestore, showCheckpointItem } from "../../generated/operations/csbs.js";
import type { operations } from "../../generated/types/csbs.js";
import { operationMethod } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { FilledIn, InputOf, OperationMethod, OutputOf } from "../client/operation-types.js";
import type { CallOptions, RestoreClientOptions } from "../client/options.js";

/** `provider_id` has one documented value, which the client fills in. */
export type CreateRestoreInput = FilledIn<InputOf<operations["createRestore"]>, "restore", "provider_id">;

/** The CSBS operations: a restoration task, and the status read that `waitForCsbsRestore` polls. */
export interface CsbsClient {
  /** Creates a restoration task (`POST /v1/{project_id}/restores`); `provider_id` is filled in. */
  readonly createRestore: (input: CreateRestoreInput, options?: CallOptions) => Promise<OutputOf<operations["createRestore"]>>;
  /** Reads a backup (`GET /v1/{project_id}/checkpoint_items/{checkpoint_item_id}`): `restoring` while a restore runs. */
  readonly showCheckpointItem: OperationMethod<operations["showCheckpointItem"]>;
}

export function csbsClient(core: ClientCore): CsbsClient {
  const context = { core, servers: { csbs: csbsServers } };
  return { createRestore: operationMethod(context, createRestore), showCheckpointItem: operationMethod(context, showCheckpointItem) };
}

/** A CSBS-only client (a smaller bundle than `createRestoreClient`); waiting is `waitForCsbsRestore`. */
export function createCsbsClient(options: RestoreClientOptions): CsbsClient {
  return csbsClient(createCore(options));
}
