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

/** The client's and the call's tunables, with their defaults. */
const defaults = { timeoutMs: 60_000, maxRetries: 2, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000, retryUnsafe: false };
type Tunable = keyof typeof defaults;

/** Each tunable from the call, else the client, else its default. */
function tunables(call: CallOptions, client: RestoreClientOptions): typeof defaults {
  const out: Record<string, unknown> = {};
  for (const key in defaults) out[key] = call[key as Tunable] ?? client[key as Tunable] ?? defaults[key as Tunable];
  return out as typeof defaults;
}

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
    endpoint,
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
        ...tunables(call, options),
        signal,
        hooks: options,
      };
    },
  };
}
