import { cbr as cbrServers } from "../../generated/endpoints.js";
import { restoreBackup, showBackup } from "../../generated/operations/cbr.js";
import type { operations } from "../../generated/types/cbr.js";
import type { CallContext } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { InputOf, OutputOf } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";
import { type RestoreMethod, pick, restoreMethod } from "../client/restore-method.js";
import { type WaiterOptions, type WaiterSpec, waitFor } from "../waiters/service-waiters.js";
import { type CbrBackupState, judgeCbr } from "../waiters/targets.js";

export interface CbrMethods {
  /** Restores a server or a disk from a CBR backup (`POST /v3/{project_id}/backups/{backup_id}/restore`); resolves to `undefined` when accepted (202). */
  readonly restoreBackup: RestoreMethod<InputOf<operations["restoreBackup"]>, OutputOf<operations["restoreBackup"]>, CbrBackupState>;
  /** Resolves when the backup is no longer `restoring`; throws `RestoreFailedError` when it became `error`. */
  readonly waitForRestore: (backupId: string, options?: WaiterOptions) => Promise<CbrBackupState>;
}

const waiter: WaiterSpec<CbrBackupState> = {
  service: "cbr",
  read: showBackup,
  judge: judgeCbr,
  input: (backupId) => ({ backupId }),
  noun: "backup",
  doubtEarlyFinish: true,
};

export function cbrMethods(core: ClientCore): CbrMethods {
  const context: CallContext = { core, servers: { cbr: cbrServers } };
  return {
    restoreBackup: restoreMethod(context, restoreBackup, (id, o) => waitFor(context, waiter, id, o), (input) => pick(input, "backupId")),
    waitForRestore: (backupId, options) => waitFor(context, waiter, backupId, options),
  };
}

/** A CBR-only client: what `createRestoreClient(...).cbr` offers, without the other services (a smaller bundle). */
export function createCbrClient(options: RestoreClientOptions): CbrMethods {
  return cbrMethods(createCore(options));
}
