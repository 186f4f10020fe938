import type { Auth } from "../auth/types.js";
import type { EndpointOverrides } from "../endpoints.js";
import type { Cloud } from "../spec/server.js";
import type { Hooks } from "../transport/hooks.js";
import type { RetryOptions } from "../transport/retry-policy.js";

/** The configuration of `createRestoreClient`. */
export interface RestoreClientOptions extends RetryOptions, Hooks {
  /** Which cloud's endpoints to use; default `huaweicloud`. */
  readonly cloud?: Cloud;
  /** Region ID, for example `eu-de`; needed unless every endpoint is overridden or the environment names one. */
  readonly region?: string;
  /** The project ID every request is scoped to; a call may override it. */
  readonly projectId?: string;
  readonly auth: Auth;
  /** A base URL for every service (the emulator's URL), or one per service. */
  readonly endpoints?: EndpointOverrides;
  /** Per attempt; default 60 s. */
  readonly timeoutMs?: number;
  /** The fetch implementation; default the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Cancels every request of this client, backoff sleeps included. */
  readonly signal?: AbortSignal;
}

/** Options of one call; each overrides the client's. */
export interface CallOptions extends RetryOptions {
  readonly projectId?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Extra request headers. Values with CR or LF are refused. */
  readonly headers?: Readonly<Record<string, string>>;
}
