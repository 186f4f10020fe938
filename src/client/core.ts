import { iam as iamServers } from "../../generated/endpoints.js";
import type { AuthContext } from "../auth/types.js";
import { type EndpointService, resolveEndpoint } from "../endpoints.js";
import { Redactor } from "../redaction.js";
import type { Cloud, ServerSpec } from "../spec/server.js";
import type { TransportSettings } from "../transport/send.js";
import type { CallOptions, RestoreClientOptions } from "./options.js";

/** What every service of one client shares: credentials, endpoints and transport settings. */
export interface ClientCore {
  readonly redactor: Redactor;
  readonly defaultProjectId: string | undefined;
  /** The base URL of an endpoint table entry, resolved once. */
  endpoint(key: EndpointService, list: readonly ServerSpec[]): string;
  /** The transport settings of one call: the client's options overridden by the call's. */
  settings(call: CallOptions, projectId: string): TransportSettings;
}

const defaults = { timeoutMs: 60_000, maxRetries: 2, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export function createCore(options: RestoreClientOptions): ClientCore {
  const cloud: Cloud = options.cloud ?? "huaweicloud";
  const region = options.region ?? options.auth.hints?.region ?? "";
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const redactor = new Redactor();
  options.auth.registerSecrets(redactor);
  const resolved = new Map<string, string>();
  const endpoint = (key: EndpointService, list: readonly ServerSpec[]) => {
    let url = resolved.get(key);
    if (url === undefined) resolved.set(key, (url = resolveEndpoint(key, list, cloud, region, options.endpoints)));
    return url;
  };
  const authContext = (projectId: string, signal: AbortSignal | undefined): AuthContext => ({
    cloud,
    region,
    projectId,
    iamEndpoint: () => endpoint("iam", iamServers),
    fetch: fetchImpl,
    signal,
    redactor,
  });
  return {
    redactor,
    defaultProjectId: options.projectId ?? options.auth.hints?.projectId,
    endpoint,
    settings(call, projectId) {
      const signal = options.signal && call.signal ? AbortSignal.any([options.signal, call.signal]) : (call.signal ?? options.signal);
      return {
        fetch: fetchImpl,
        auth: options.auth,
        authContext: authContext(projectId, signal),
        redactor,
        timeoutMs: call.timeoutMs ?? options.timeoutMs ?? defaults.timeoutMs,
        maxRetries: call.maxRetries ?? options.maxRetries ?? defaults.maxRetries,
        baseDelayMs: call.baseDelayMs ?? options.baseDelayMs ?? defaults.baseDelayMs,
        maxDelayMs: call.maxDelayMs ?? options.maxDelayMs ?? defaults.maxDelayMs,
        maxRetryAfterMs: call.maxRetryAfterMs ?? options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
        retryUnsafe: call.retryUnsafe ?? options.retryUnsafe ?? false,
        signal,
        hooks: options,
      };
    },
  };
}
