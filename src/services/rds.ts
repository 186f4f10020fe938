import { rds as rdsServers } from "../../generated/endpoints.js";
import { restoreToExistingInstance, showJob } from "../../generated/operations/rds.js";
import type { operations } from "../../generated/types/rds.js";
import { operationMethod } from "../client/call.js";
import { type ClientCore, createCore } from "../client/core.js";
import type { OperationMethod } from "../client/operation-types.js";
import type { RestoreClientOptions } from "../client/options.js";
import { normalizeRdsRestore } from "../client/rds-normalize.js";

/** The RDS operations: a restore to an existing instance, and the job read that `waitForRdsJob` polls. */
export interface RdsClient {
  /** Restores data to an existing or the current instance (`POST /v3/{project_id}/instances/recovery`); `source.type` defaults to `backup`. Resolves to `{ job_id }`. */
  readonly restoreToExistingInstance: OperationMethod<operations["restoreToExistingInstance"]>;
  /** Reads a job (`GET /v3/{project_id}/jobs?id=…`): `Running`, then `Completed` or `Failed`. */
  readonly showJob: OperationMethod<operations["showJob"]>;
}

export function rdsClient(core: ClientCore): RdsClient {
  const context = { core, servers: { rds: rdsServers } };
  return {
    restoreToExistingInstance: operationMethod(context, restoreToExistingInstance, normalizeRdsRestore),
    showJob: operationMethod(context, showJob),
  };
}

/** An RDS-only client (a smaller bundle than `createRestoreClient`); waiting is `waitForRdsJob`. */
export function createRdsClient(options: RestoreClientOptions): RdsClient {
  return rdsClient(createCore(options));
}
