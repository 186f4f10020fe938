import { rds as rdsServers } from "../../generated/endpoints.js";
import { restoreToExistingInstance, showJob } from "../../generated/operations/rds.js";
import type { operations } from "../../generated/types/rds.js";
import type { CallContext } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { InputOf, OutputOf } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";
import { normalizeRdsRestore } from "../client/rds-normalize.js";
import { type RestoreMethod, pick, restoreMethod } from "../client/restore-method.js";
import { type WaiterOptions, type WaiterSpec, waitFor } from "../waiters/service-waiters.js";
import { type RdsJobState, judgeRds } from "../waiters/targets.js";

export interface RdsMethods {
  /** Restores data to an existing or the current instance (`POST /v3/{project_id}/instances/recovery`); `source.type` defaults to `backup`. */
  readonly restoreToExistingInstance: RestoreMethod<
    InputOf<operations["restoreToExistingInstance"]>,
    OutputOf<operations["restoreToExistingInstance"]>,
    RdsJobState
  >;
  /** Resolves when the job is `Completed`; throws `RestoreFailedError` with `fail_reason` when it is `Failed`. */
  readonly waitForJob: (jobId: string, options?: WaiterOptions) => Promise<RdsJobState>;
}

const waiter: WaiterSpec<RdsJobState> = {
  service: "rds",
  read: showJob,
  judge: judgeRds,
  input: (id) => ({ id }),
  noun: "job",
  // The job is created by the restore itself: its first status is already the truth. The RDS page
  // warns that a new job takes several seconds to become readable, so an early 404 is waited out.
  doubtEarlyFinish: false,
  notFoundGraceMs: 30_000,
};

export function rdsMethods(core: ClientCore): RdsMethods {
  const context: CallContext = { core, servers: { rds: rdsServers } };
  return {
    restoreToExistingInstance: restoreMethod(
      context,
      restoreToExistingInstance,
      (id, o) => waitFor(context, waiter, id, o),
      (_input, accepted) => pick(accepted, "job_id"),
      normalizeRdsRestore,
    ),
    waitForJob: (jobId, options) => waitFor(context, waiter, jobId, options),
  };
}

/** An RDS-only client (a smaller bundle than `createRestoreClient`). */
export function createRdsClient(options: RestoreClientOptions): RdsMethods {
  return rdsMethods(createCore(options));
}
