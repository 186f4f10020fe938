import { evs as evsServers, vbs as vbsServers } from "../../generated/endpoints.js";
import { restoreBackup, showVolume } from "../../generated/operations/vbs.js";
import type { operations } from "../../generated/types/vbs.js";
import type { CallContext } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { InputOf, OutputOf } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";
import { type RestoreMethod, pick, restoreMethod } from "../client/restore-method.js";
import { type WaiterOptions, type WaiterSpec, waitFor } from "../waiters/service-waiters.js";
import { type VbsVolumeState, judgeVbs } from "../waiters/targets.js";

export interface VbsMethods {
  /** Restores a disk from a VBS backup (`POST /v2/{project_id}/backups/{backup_id}/restore`). */
  readonly restoreBackup: RestoreMethod<InputOf<operations["restoreBackup"]>, OutputOf<operations["restoreBackup"]>, VbsVolumeState>;
  /** Resolves when the disk leaves `restoring-backup`; throws `RestoreFailedError` on `error_restoring`. */
  readonly waitForRestore: (volumeId: string, options?: WaiterOptions) => Promise<VbsVolumeState>;
}

const waiter: WaiterSpec<VbsVolumeState> = {
  service: "vbs",
  read: showVolume,
  judge: judgeVbs,
  input: (volumeId) => ({ volumeId }),
  noun: "disk",
  doubtEarlyFinish: true,
};

export function vbsMethods(core: ClientCore): VbsMethods {
  // The disk read is EVS's, on the `evs` endpoints.
  const context: CallContext = { core, servers: { vbs: vbsServers, evs: evsServers } };
  return {
    restoreBackup: restoreMethod(context, restoreBackup, (id, o) => waitFor(context, waiter, id, o), (input) => pick(input, "restore", "volume_id")),
    waitForRestore: (volumeId, options) => waitFor(context, waiter, volumeId, options),
  };
}

/** A VBS-only client (a smaller bundle than `createRestoreClient`). */
export function createVbsClient(options: RestoreClientOptions): VbsMethods {
  return vbsMethods(createCore(options));
}
