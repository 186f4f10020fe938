import type { Client } from "openapi-fetch";
import { cbr, csbs, rds, vbs } from "../../generated/endpoints.js";
import { allOperations as cbrOperations } from "../../generated/operations/cbr.js";
import { allOperations as csbsOperations } from "../../generated/operations/csbs.js";
import { allOperations as rdsOperations } from "../../generated/operations/rds.js";
import { allOperations as vbsOperations } from "../../generated/operations/vbs.js";
import type { operations as CbrOps, paths as CbrPaths } from "../../generated/types/cbr.js";
import type { operations as CsbsOps, paths as CsbsPaths } from "../../generated/types/csbs.js";
import type { operations as RdsOps, paths as RdsPaths } from "../../generated/types/rds.js";
import type { operations as VbsOps, paths as VbsPaths } from "../../generated/types/vbs.js";
import { type CbrClient, cbrClient } from "../services/cbr.js";
import { type CreateRestoreInput, type CsbsClient, csbsClient } from "../services/csbs.js";
import { type RdsClient, rdsClient } from "../services/rds.js";
import { type VbsClient, vbsClient } from "../services/vbs.js";
import { type WaiterOptions, waitForCbrRestore, waitForCsbsRestore, waitForRdsJob, waitForVbsRestore } from "../waiters/restore-waiters.js";
import type { CbrBackupState, CsbsItemState, RdsJobState, VbsVolumeState } from "../waiters/targets.js";
import { createCore } from "./core.js";
import type { InputOf, OutputOf } from "./operation-types.js";
import type { RestoreClientOptions } from "./options.js";
import { rawClient } from "./raw-client.js";
import { type RestoreMethod, withWait } from "./restore-method.js";

/** Each service's typed openapi-fetch client, with restorekit's transport underneath. */
interface WithClient<Paths extends {}> {
  /** The typed openapi-fetch client, for `{ data, error }` style code. Created on first use. */
  readonly client: Client<Paths>;
}

/** `rk.cbr`: the CBR operations, the restore with `{ wait }`, its waiter, and the typed openapi-fetch client. */
export interface CbrMethods extends Omit<CbrClient, "restoreBackup">, WithClient<CbrPaths> {
  readonly restoreBackup: RestoreMethod<InputOf<CbrOps["restoreBackup"]>, OutputOf<CbrOps["restoreBackup"]>, CbrBackupState>;
  /** Resolves when the backup is no longer `restoring`; throws `RestoreFailedError` when it became `error`. */
  readonly waitForRestore: (backupId: string, options?: WaiterOptions) => Promise<CbrBackupState>;
}

/** `rk.csbs`: as {@link CbrMethods}, for CSBS restoration tasks. */
export interface CsbsMethods extends Omit<CsbsClient, "createRestore">, WithClient<CsbsPaths> {
  readonly createRestore: RestoreMethod<CreateRestoreInput, OutputOf<CsbsOps["createRestore"]>, CsbsItemState>;
  /** Resolves when the backup (checkpoint item) is `available` again; throws `RestoreFailedError` with `fail_reason`. */
  readonly waitForRestore: (checkpointItemId: string, options?: WaiterOptions) => Promise<CsbsItemState>;
}

/** `rk.vbs`: as {@link CbrMethods}, for VBS disk restores (waiting reads the EVS disk). */
export interface VbsMethods extends Omit<VbsClient, "restoreBackup">, WithClient<VbsPaths> {
  readonly restoreBackup: RestoreMethod<InputOf<VbsOps["restoreBackup"]>, OutputOf<VbsOps["restoreBackup"]>, VbsVolumeState>;
  /** Resolves when the disk leaves `restoring-backup`; throws `RestoreFailedError` on `error_restoring`. */
  readonly waitForRestore: (volumeId: string, options?: WaiterOptions) => Promise<VbsVolumeState>;
}

/** `rk.rds`: as {@link CbrMethods}, for RDS restores, which wait for the job the restore starts. */
export interface RdsMethods extends Omit<RdsClient, "restoreToExistingInstance">, WithClient<RdsPaths> {
  readonly restoreToExistingInstance: RestoreMethod<
    InputOf<RdsOps["restoreToExistingInstance"]>,
    OutputOf<RdsOps["restoreToExistingInstance"]>,
    RdsJobState
  >;
  /** Resolves when the job is `Completed`; throws `RestoreFailedError` with `fail_reason` when it is `Failed`. */
  readonly waitForJob: (jobId: string, options?: WaiterOptions) => Promise<RdsJobState>;
}

export interface RestoreClient {
  readonly cbr: CbrMethods;
  readonly csbs: CsbsMethods;
  readonly vbs: VbsMethods;
  readonly rds: RdsMethods;
}

/** Adds the lazily created openapi-fetch client as an enumerable `client` property. */
function withClient<M extends object, Paths extends {}>(methods: M, make: () => Client<Paths>): M & WithClient<Paths> {
  let client: Client<Paths> | undefined;
  return Object.defineProperty(methods, "client", { enumerable: true, get: () => (client ??= make()) }) as M & WithClient<Paths>;
}

type Waiting<M> = Omit<M, "client">;

const cbrWaiting = (c: CbrClient): Waiting<CbrMethods> => ({
  ...c,
  restoreBackup: withWait(c.restoreBackup, (input) => input.backupId, (id, o) => waitForCbrRestore(c, id, o), "cbr.restoreBackup", "backupId"),
  waitForRestore: (id, o) => waitForCbrRestore(c, id, o),
});

const csbsWaiting = (s: CsbsClient): Waiting<CsbsMethods> => ({
  ...s,
  createRestore: withWait(s.createRestore, (input) => input.restore?.parameters?.checkpoint_item_id, (id, o) => waitForCsbsRestore(s, id, o), "csbs.createRestore", "checkpoint_item_id"),
  waitForRestore: (id, o) => waitForCsbsRestore(s, id, o),
});

const vbsWaiting = (v: VbsClient): Waiting<VbsMethods> => ({
  ...v,
  restoreBackup: withWait(v.restoreBackup, (input) => input.restore?.volume_id, (id, o) => waitForVbsRestore(v, id, o), "vbs.restoreBackup", "volume_id"),
  waitForRestore: (id, o) => waitForVbsRestore(v, id, o),
});

const rdsWaiting = (r: RdsClient): Waiting<RdsMethods> => ({
  ...r,
  restoreToExistingInstance: withWait(r.restoreToExistingInstance, (_input, accepted) => accepted?.job_id, (id, o) => waitForRdsJob(r, id, o), "rds.restoreToExistingInstance", "job_id"),
  waitForJob: (id, o) => waitForRdsJob(r, id, o),
});

/**
 * A client for the four restore APIs, with waiting built in. A service's endpoint is resolved on
 * its first call, so a region that offers only some services works for those.
 */
export function createRestoreClient(options: RestoreClientOptions): RestoreClient {
  const core = createCore(options);
  return {
    cbr: withClient(cbrWaiting(cbrClient(core)), () => rawClient<CbrPaths>(core, "cbr", cbr, cbrOperations)),
    csbs: withClient(csbsWaiting(csbsClient(core)), () => rawClient<CsbsPaths>(core, "csbs", csbs, csbsOperations)),
    vbs: withClient(vbsWaiting(vbsClient(core)), () => rawClient<VbsPaths>(core, "vbs", vbs, vbsOperations)),
    rds: withClient(rdsWaiting(rdsClient(core)), () => rawClient<RdsPaths>(core, "rds", rds, rdsOperations)),
  };
}
