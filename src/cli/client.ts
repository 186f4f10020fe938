import type { Auth } from "../auth/types.js";
import { type RestoreClient, createRestoreClient } from "../client/create-client.js";
import type { RestoreClientOptions } from "../client/options.js";
import type { Connection } from "./connection.js";

/** Stands in when a dry run finds no credentials: the request is shown without any. */
export const noCredentials: Auth = { kind: "none", authorize() {}, registerSecrets() {} };

/** The SDK client of one command: where the flags say, with these credentials, cancelled by Ctrl-C. */
export function cliClient(connection: Connection, auth: Auth, signal: AbortSignal, extra: Partial<RestoreClientOptions> = {}): RestoreClient {
  return createRestoreClient({
    cloud: connection.cloud,
    ...(connection.region !== undefined ? { region: connection.region } : {}),
    projectId: connection.projectId,
    auth,
    ...(connection.endpoints ? { endpoints: connection.endpoints } : {}),
    ...(connection.insecureHttp ? { allowInsecureHttp: true } : {}),
    ...(connection.requestTimeoutMs !== undefined ? { timeoutMs: connection.requestTimeoutMs } : {}),
    signal,
    ...extra,
  });
}
