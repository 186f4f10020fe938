import type { Client } from "openapi-fetch";
import * as cbrOperations from "../../generated/operations/cbr.js";
import * as csbsOperations from "../../generated/operations/csbs.js";
import * as rdsOperations from "../../generated/operations/rds.js";
import * as vbsOperations from "../../generated/operations/vbs.js";
import type { operations as CbrOps, paths as CbrPaths } from "../../generated/types/cbr.js";
import type { operations as CsbsOps, paths as CsbsPaths } from "../../generated/types/csbs.js";
import type { operations as RdsOps, paths as RdsPaths } from "../../generated/types/rds.js";
import type { operations as VbsOps, paths as VbsPaths } from "../../generated/types/vbs.js";
import type { OperationSpec } from "../spec/operation.js";
import { type CallContext, callOperation } from "./call.js";
import type { CallOptions } from "./options.js";
import type { FilledIn, InputOf, OutputOf } from "./operation-types.js";
import { normalizeRdsRestore } from "./rds-normalize.js";

export type ServiceName = "cbr" | "csbs" | "vbs" | "rds";

/** A typed method of one operation. */
export type Method<I, O> = (input: I, options?: CallOptions) => Promise<O>;

export interface CbrService {
  /** Restores a server or a disk from a CBR backup (`POST /v3/{project_id}/backups/{backup_id}/restore`); resolves when accepted (202). */
  restoreBackup: Method<InputOf<CbrOps["restoreBackup"]>, OutputOf<CbrOps["restoreBackup"]>>;
  /** The typed openapi-fetch client, with restorekit's auth, retries and timeouts underneath. */
  readonly client: Client<CbrPaths>;
}

export interface CsbsService {
  /** Creates a restoration task (`POST /v1/{project_id}/restores`); `provider_id` is filled in. */
  createRestore: Method<FilledIn<InputOf<CsbsOps["createRestore"]>, "restore", "provider_id">, OutputOf<CsbsOps["createRestore"]>>;
  readonly client: Client<CsbsPaths>;
}

export interface VbsService {
  /** Restores a disk from a VBS backup (`POST /v2/{project_id}/backups/{backup_id}/restore`). */
  restoreBackup: Method<InputOf<VbsOps["restoreBackup"]>, OutputOf<VbsOps["restoreBackup"]>>;
  readonly client: Client<VbsPaths>;
}

export interface RdsService {
  /** Restores data to an existing or the current instance (`POST /v3/{project_id}/instances/recovery`). */
  restoreToExistingInstance: Method<InputOf<RdsOps["restoreToExistingInstance"]>, OutputOf<RdsOps["restoreToExistingInstance"]>>;
  readonly client: Client<RdsPaths>;
}

export interface RestoreClient {
  readonly cbr: CbrService;
  readonly csbs: CsbsService;
  readonly vbs: VbsService;
  readonly rds: RdsService;
}

/** What the client provides per service: the call context, and the raw typed client. */
export interface ServiceWiring {
  readonly context: CallContext;
  readonly raw: () => Client<Record<string, never>>;
}

type Normalizer = (body: Record<string, unknown>) => Record<string, unknown>;

function method<I, O>(wiring: () => ServiceWiring, op: OperationSpec, normalize?: Normalizer): Method<I, O> {
  return async (input, options) =>
    (await callOperation(wiring().context, op, input as Record<string, unknown>, options, normalize)) as O;
}

/** Wires each service lazily: its endpoint is resolved on first use. */
export function buildServices(wire: (service: ServiceName) => ServiceWiring): RestoreClient {
  const lazy = (service: ServiceName) => {
    let wiring: ServiceWiring | undefined;
    let raw: Client<Record<string, never>> | undefined;
    const get = () => (wiring ??= wire(service));
    return { get, client: () => (raw ??= get().raw()) };
  };
  const cbr = lazy("cbr");
  const csbs = lazy("csbs");
  const vbs = lazy("vbs");
  const rds = lazy("rds");
  return {
    cbr: {
      restoreBackup: method(cbr.get, cbrOperations.restoreBackup),
      get client() {
        return cbr.client() as unknown as Client<CbrPaths>;
      },
    },
    csbs: {
      createRestore: method(csbs.get, csbsOperations.createRestore),
      get client() {
        return csbs.client() as unknown as Client<CsbsPaths>;
      },
    },
    vbs: {
      restoreBackup: method(vbs.get, vbsOperations.restoreBackup),
      get client() {
        return vbs.client() as unknown as Client<VbsPaths>;
      },
    },
    rds: {
      restoreToExistingInstance: method(rds.get, rdsOperations.restoreToExistingInstance, normalizeRdsRestore),
      get client() {
        return rds.client() as unknown as Client<RdsPaths>;
      },
    },
  };
}
