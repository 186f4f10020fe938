import type { Client } from "openapi-fetch";
import { cbr, csbs, rds, vbs } from "../../generated/endpoints.js";
import type { paths as CbrPaths } from "../../generated/types/cbr.js";
import type { paths as CsbsPaths } from "../../generated/types/csbs.js";
import type { paths as RdsPaths } from "../../generated/types/rds.js";
import type { paths as VbsPaths } from "../../generated/types/vbs.js";
import { type CbrMethods, cbrMethods } from "../services/cbr.js";
import { type CsbsMethods, csbsMethods } from "../services/csbs.js";
import { type RdsMethods, rdsMethods } from "../services/rds.js";
import { type VbsMethods, vbsMethods } from "../services/vbs.js";
import { createCore } from "./core.js";
import type { RestoreClientOptions } from "./options.js";
import { rawClient } from "./raw-client.js";

/** Each service's typed openapi-fetch client, with restorekit's transport underneath. */
interface WithClient<Paths extends {}> {
  /** The typed openapi-fetch client, for `{ data, error }` style code. Created on first use. */
  readonly client: Client<Paths>;
}

export interface RestoreClient {
  readonly cbr: CbrMethods & WithClient<CbrPaths>;
  readonly csbs: CsbsMethods & WithClient<CsbsPaths>;
  readonly vbs: VbsMethods & WithClient<VbsPaths>;
  readonly rds: RdsMethods & WithClient<RdsPaths>;
}

function withClient<M extends object, Paths extends {}>(methods: M, make: () => Client<Paths>): M & WithClient<Paths> {
  let client: Client<Paths> | undefined;
  return Object.defineProperty({ ...methods }, "client", { enumerable: true, get: () => (client ??= make()) }) as M & WithClient<Paths>;
}

/**
 * A client for the four restore APIs. A service's endpoint is resolved on its first call, so a
 * region that offers only some services works for those.
 */
export function createRestoreClient(options: RestoreClientOptions): RestoreClient {
  const core = createCore(options);
  return {
    cbr: withClient(cbrMethods(core), () => rawClient<CbrPaths>(core, "cbr", cbr)),
    csbs: withClient(csbsMethods(core), () => rawClient<CsbsPaths>(core, "csbs", csbs)),
    vbs: withClient(vbsMethods(core), () => rawClient<VbsPaths>(core, "vbs", vbs)),
    rds: withClient(rdsMethods(core), () => rawClient<RdsPaths>(core, "rds", rds)),
  };
}
