import { evs as evsServers, vbs as vbsServers } from "../../generated/endpoints.js";
import { restoreBackup, showVolume } from "../../generated/operations/vbs.js";
import type { operations } from "../../generated/types/vbs.js";
import { operationMethod } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { OperationMethod } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";

/** The VBS operations: a disk restore, and the EVS disk read that `waitForVbsRestore` polls. */
export interface VbsClient {
  /** Restores a disk from a VBS backup (`POST /v2/{project_id}/backups/{backup_id}/restore`). */
  readonly restoreBackup: OperationMethod<operations["restoreBackup"]>;
  /** Reads a disk (EVS, `GET /v2/{project_id}/volumes/{volume_id}`): `restoring-backup` while a restore runs. */
  readonly showVolume: OperationMethod<operations["showVolume"]>;
}

export function vbsClient(core: ClientCore): VbsClient {
  // The disk read is EVS's, on the `evs` endpoints.
  const context = { core, servers: { vbs: vbsServers, evs: evsServers } };
  return { restoreBackup: operationMethod(context, restoreBackup), showVolume: operationMethod(context, showVolume) };
}

/** A VBS-only client (a smaller bundle than `createRestoreClient`); waiting is `waitForVbsRestore`. */
export function createVbsClient(options: RestoreClientOptions): VbsClient {
  return vbsClient(createCore(options));
}
