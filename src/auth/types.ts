import type { EndpointService } from "../endpoints.js";
import type { Redactor } from "../redaction.js";
import type { Cloud, ServerSpec } from "../spec/server.js";
import type { Exchange, Received } from "../transport/send.js";

/** One attempt of one request, as the auth mode sees it before it is sent. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Headers to send, exactly as they will go on the wire; the auth mode adds its own. */
  readonly headers: Record<string, string>;
  /** The body exactly as it will be sent; `""` when there is none. */
  readonly body: string;
}

/** A request of the auth mode's own, such as an IAM login. */
export type AuthExchange = Omit<Exchange, "service"> & { readonly service?: string };

/** How an auth mode's own request is sent: by whose credentials, and within what budget. */
export interface AuthSendOptions {
  /**
   * Authorizes the request with another auth mode, such as the base credentials that assume an
   * agency; by default it goes out unauthenticated. A 401 lets that mode replace its refused
   * credential once, as for any request.
   */
  readonly auth?: Auth;
  /** Per attempt; default the client's `timeoutMs`. */
  readonly timeoutMs?: number;
  /** Default the client's `maxRetries`. */
  readonly maxRetries?: number;
  /** Default the client's `baseDelayMs`. */
  readonly baseDelayMs?: number;
  /** Default the client's `maxDelayMs`. */
  readonly maxDelayMs?: number;
}

/** What an auth mode may use from the client: where IAM is, the project, and a way to the network. */
export interface AuthContext {
  readonly cloud: Cloud;
  readonly region: string;
  readonly projectId: string;
  /**
   * A service's base URL for the client's cloud and region, from an endpoint table, or from the
   * client's `endpoints` override (IAM's URL, for logins).
   */
  readonly endpoint: (service: EndpointService, servers: readonly ServerSpec[]) => string;
  /**
   * Sends a request of the mode's own through restorekit's transport: never redirected,
   * size-capped, timed out, retried when safe; unauthenticated unless `options.auth` names the
   * mode that authorizes it. It is not tied to the calling attempt's signal, so that one login
   * can serve every request waiting for it.
   */
  readonly send: (exchange: AuthExchange, options?: AuthSendOptions) => Promise<Received>;
  /**
   * Aborts when the calling attempt is cancelled or times out. A mode awaits shared work with
   * `abortable(work, signal)`, and passes it to anything it calls that can take one.
   */
  readonly signal: AbortSignal;
  readonly redactor: Redactor;
}

/**
 * How requests are authenticated. Build one with `tokenAuth`, `iamAuth`, `akskAuth` or
 * `authFromEnv`.
 */
export interface Auth {
  /** A short name for messages: `token`, `iam`, `aksk`. */
  readonly kind: string;
  /** Adds this mode's headers to one attempt. Called for every attempt, so each is signed afresh. */
  authorize(request: OutgoingRequest, context: AuthContext): void | Promise<void>;
  /**
   * Called after a 401 with the attempt that was refused. Returns true when a retry with other
   * credentials may succeed (the mode dropped that attempt's token, or already holds a newer
   * one); false otherwise. Only the refused credential is dropped, so one revoked token costs
   * one login however many requests were in flight.
   */
  invalidate?(refused: OutgoingRequest, context: AuthContext): boolean;
  /** Registers this mode's long-lived secrets with the client's redactor (`redactor.pin`). */
  registerSecrets(redactor: Redactor): void;
  /** Project ID and region the credentials came with (from the environment), if any. */
  readonly hints?: { readonly projectId?: string | undefined; readonly region?: string | undefined };
}
