import type { Auth, AuthContext } from "../auth/types.js";
import { type EndpointService, resolveEndpoint } from "../endpoints.js";
import { Redactor } from "../redaction.js";
import type { Cloud, ServerSpec } from "../spec/server.js";
import { type TransportSettings, send } from "../transport/send.js";
import { wireHeaders } from "../transport/wire-headers.js";
import { checkOptions } from "./check-options.js";
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
const defaults = { timeoutMs: 60_000, maxRetries: 2, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000, retryUnsafe: false, maxResponseBytes: 1 << 20 };
type Tunable = keyof typeof defaults;

/** Each tunable from the call, else the client, else its default. */
function tunables(call: CallOptions, client: RestoreClientOptions): typeof defaults {
  const out: Record<string, unknown> = {};
  for (const key in defaults) out[key] = call[key as Tunable] ?? client[key as Tunable] ?? defaults[key as Tunable];
  const t = out as typeof defaults;
  return { ...t, timeoutMs: Math.ceil(t.timeoutMs) };
}

/** An auth mode that adds nothing: the one an auth mode's own requests (IAM logins) go out with. */
const noAuth: Auth = { kind: "none", authorize() {}, registerSecrets() {} };

export function createCore(options: RestoreClientOptions): ClientCore {
  checkOptions("createRestoreClient", options);
  const cloud: Cloud = options.cloud ?? "huaweicloud";
  const region = options.region ?? options.auth.hints?.region ?? "";
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const redactor = new Redactor();
  options.auth.registerSecrets(redactor);
  const resolved = new Map<string, string>();
  const endpoint = (key: EndpointService, list: readonly ServerSpec[]) => {
    let url = resolved.get(key);
    if (url === undefined) resolved.set(key, (url = resolveEndpoint(key, list, cloud, region, options.endpoints, options.allowInsecureHttp)));
    return url;
  };
  const settings = (call: CallOptions, projectId: string, auth: Auth): TransportSettings => {
    checkOptions("call options", call);
    const signal = options.signal && call.signal ? AbortSignal.any([options.signal, call.signal]) : (call.signal ?? options.signal);
    const authContext: Omit<AuthContext, "signal"> = {
      cloud,
      region,
      projectId,
      endpoint,
      redactor,
      // An auth mode's own requests: unauthenticated unless another mode is named (an agency's base credentials),
      // under the client's settings and the budget asked for, not the calling request's signal.
      send: (x, { auth = noAuth, ...budget } = {}) => send({ service: "iam", ...x, headers: wireHeaders(x.headers) }, settings(budget, projectId, auth)),
    };
    return { fetch: fetchImpl, auth, authContext, redactor, ...tunables(call, options), signal, hooks: options };
  };
  return {
    redactor,
    defaultProjectId: options.projectId ?? options.auth.hints?.projectId,
    endpoint,
    settings: (call, projectId) => settings(call, projectId, options.auth),
  };
}
