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
  /**
   * Allows plain `http://` in `endpoints` for hosts other than loopback addresses (an emulator
   * on a test network). Requests, credentials included, then travel unencrypted; never set it
   * for a real cloud. Default false.
   */
  readonly allowInsecureHttp?: boolean;
  /** Per attempt, credentials, answer and body included; default 60 s. At most 2^31−1 ms. */
  readonly timeoutMs?: number;
  /** The most bytes read from an answer's body; default 1 MiB. A longer success answer is a `ResponseTooLargeError`. */
  readonly maxResponseBytes?: number;
  /**
   * The fetch implementation; default the global `fetch`. restorekit asks it never to follow a
   * redirect (`redirect: "manual"`) and treats any 3xx as a `RedirectError`.
   */
  readonly fetch?: typeof globalThis.fetch;
  /** Cancels every request of this client, backoff sleeps included. */
  readonly signal?: AbortSignal;
}

/** Options of one call; each overrides the client's. */
export interface CallOptions extends RetryOptions {
  readonly projectId?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /**
   * Extra request headers, sent (and signed) exactly as given but trimmed; a name given in
   * another case replaces the SDK's. Refused: values with CR, LF, NUL or characters above U+00FF,
   * and the headers restorekit or fetch set (`Host`, `Content-Length`, `Transfer-Encoding`,
   * `Authorization`, `X-Auth-Token`, `X-Sdk-Date`, `X-Project-Id`, ...).
   */
  readonly headers?: Readonly<Record<string, string>>;
}
