import type { EndpointService } from "../endpoints.js";
import type { Redactor } from "../redaction.js";
import type { Cloud, ServerSpec } from "../spec/server.js";

/** One attempt of one request, as the auth mode sees it before it is sent. */
export interface OutgoingRequest {
  readonly method: string;
  readonly url: URL;
  /** Headers to send; the auth mode adds its own. Names as sent. */
  readonly headers: Record<string, string>;
  /** The body exactly as it will be sent; `""` when there is none. */
  readonly body: string;
}

/** What an auth mode may use from the client: where IAM is, the project, and how to fetch. */
export interface AuthContext {
  readonly cloud: Cloud;
  readonly region: string;
  readonly projectId: string;
  /**
   * A service's base URL for the client's cloud and region, from an endpoint table, or from the
   * client's `endpoints` override (IAM's URL, for logins).
   */
  readonly endpoint: (service: EndpointService, servers: readonly ServerSpec[]) => string;
  readonly fetch: typeof globalThis.fetch;
  readonly signal?: AbortSignal | undefined;
  readonly redactor: Redactor;
}

/**
 * How requests are authenticated. Build one with `tokenAuth`, `iamAuth`, `akskAuth` or
 * `authFromEnv`.
 */
export interface Auth {
  readonly kind: "token" | "iam" | "aksk";
  /** Adds this mode's headers to one attempt. Called for every attempt, so each is signed afresh. */
  authorize(request: OutgoingRequest, context: AuthContext): Promise<void>;
  /**
   * Called after a 401. Returns true when the mode dropped a cached credential and one retry
   * with a fresh one may succeed (IAM logins); false otherwise.
   */
  invalidate?(context: AuthContext): boolean;
  /** Registers this mode's secrets with the client's redactor. */
  registerSecrets(redactor: Redactor): void;
  /** Project ID and region the credentials came with (from the environment), if any. */
  readonly hints?: { readonly projectId?: string | undefined; readonly region?: string | undefined };
}
