import { cbr as cbrServers } from "../../generated/endpoints.js";
import { restoreBackup, showBackup } from "../../generated/operations/cbr.js";
import type { operations } from "../../generated/types/cbr.js";
import { operationMethod } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { OperationMethod } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";

/** The CBR operations: a restore, and the status read that `waitForCbrRestore` polls. */
export interface CbrClient {
  /** Restores a server or a disk from a CBR backup (`POST /v3/{project_id}/backups/{backup_id}/restore`); resolves to `undefined` when accepted (202). */
  readonly restoreBackup: OperationMethod<operations["restoreBackup"]>;
  /** Reads a backup (`GET /v3/{project_id}/backups/{backup_id}`): its `status` is `restoring` while a restore runs. */
  readonly showBackup: OperationMethod<operations["showBackup"]>;
}

export function cbrClient(core: ClientCore): CbrClient {
  const context = { core, servers: { cbr: cbrServers } };
  return { restoreBackup: operationMethod(context, restoreBackup), showBackup: operationMethod(context, showBackup) };
}

/**
 * A CBR-only client: the smallest bundle for one restore. Waiting is a separate import
 * (`waitForCbrRestore`); `createRestoreClient` bundles it in.
 */
export function createCbrClient(options: RestoreClientOptions): CbrClient {
  return cbrClient(createCore(options));
}
