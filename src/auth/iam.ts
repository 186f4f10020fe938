import { iam as iamServers } from "../../generated/endpoints.js";
import type { components } from "../../generated/types/iam.js";
import { AuthError } from "../errors/auth-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import type { Auth, AuthContext } from "./types.js";

type TokenRequest = components["schemas"]["CreateTokenRequest"];

export interface IamOptions {
  /** IAM user name. */
  readonly username: string;
  readonly password: string;
  /** The account (domain) the user belongs to. */
  readonly domain: string;
  /** Scope by project name (the region name, for example `eu-de`) instead of the client's project ID. */
  readonly projectName?: string;
  /** IAM's base URL; by default the cloud's IAM endpoint for the client's region. */
  readonly endpoint?: string;
  /** How long before expiry a token is replaced; default 5 minutes (at most a tenth of its lifetime). */
  readonly refreshBeforeMs?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
}

/**
 * Logs in with a password (`POST /v3/auth/tokens`), scoped to the project, and sends the token
 * as `X-Auth-Token`. The token is cached and replaced ahead of its expiry; concurrent requests
 * share one login; after a 401 the token is dropped and the request is retried once.
 */
export function iamAuth(options: IamOptions): Auth {
  for (const field of ["username", "password", "domain"] as const) {
    if (!options[field]) throw new AuthError(`iamAuth: ${field} is empty`);
  }
  const now = options.now ?? Date.now;
  let cached: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  const login = async (context: AuthContext): Promise<CachedToken> => {
    const project = options.projectName ? { name: options.projectName } : { id: context.projectId };
    const body: TokenRequest = {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: options.username, password: options.password, domain: { name: options.domain } } },
        },
        scope: { project },
      },
    };
    const base = (options.endpoint ?? context.endpoint("iam", iamServers)).replace(/\/+$/, "");
    let response: Response;
    try {
      response = await context.fetch(`${base}/v3/auth/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (cause) {
      throw new AuthError(`iamAuth: could not reach IAM at ${base}`, { cause });
    }
    const text = await response.text();
    if (!response.ok) {
      const parsed = parseErrorBody(text);
      const detail = [parsed.code, parsed.message].filter(Boolean).join(": ");
      throw new AuthError(context.redactor.redact(`iamAuth: IAM refused the login with HTTP ${response.status}${detail ? ` (${detail})` : ""}`));
    }
    const token = response.headers.get("X-Subject-Token");
    if (!token) throw new AuthError("iamAuth: IAM's answer has no X-Subject-Token header");
    context.redactor.add(token);
    let expiresAt = Number.NaN;
    try {
      expiresAt = Date.parse((JSON.parse(text) as { token?: { expires_at?: string } }).token?.expires_at ?? "");
    } catch {
      // handled below
    }
    if (!Number.isFinite(expiresAt)) throw new AuthError("iamAuth: IAM's answer has no valid token.expires_at");
    const lifetime = Math.max(0, expiresAt - now());
    const margin = Math.min(options.refreshBeforeMs ?? 5 * 60_000, lifetime / 10);
    return { value: token, refreshAt: expiresAt - margin };
  };

  const current = async (context: AuthContext): Promise<string> => {
    if (cached && now() < cached.refreshAt) return cached.value;
    pending ??= login(context).finally(() => {
      pending = undefined;
    });
    cached = await pending;
    return cached.value;
  };

  return {
    kind: "iam",
    registerSecrets(redactor) {
      redactor.add(options.password);
    },
    async authorize(request, context) {
      request.headers["X-Auth-Token"] = await current(context);
    },
    invalidate() {
      cached = undefined;
      return true;
    },
  };
}
