import { iam as iamServers } from "../../generated/endpoints.js";
import type { components } from "../../generated/types/iam.js";
import { checkBaseUrl } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import { RestoreKitError } from "../errors/restorekit-error.js";
import { abortable } from "../transport/sleep.js";
import type { Auth, AuthContext } from "./types.js";

type TokenRequest = components["schemas"]["CreateTokenRequest"];

export interface IamOptions {
  /** IAM user name. */
  readonly username: string;
  readonly password: string;
  /** The account (domain) the user belongs to. */
  readonly domain: string;
  /**
   * Scope every token by this project name (the region name, for example `eu-de`) instead of
   * by the ID of each request's project.
   */
  readonly projectName?: string;
  /**
   * IAM's base URL (https, or http to a loopback address); by default the cloud's IAM endpoint
   * for the client's region, or Huawei Cloud's global one where the region has none.
   */
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

/** One project's token: the cached one, and the login in flight. */
interface Scope {
  token?: CachedToken | undefined;
  login?: Promise<CachedToken> | undefined;
}

/** Huawei Cloud's global IAM endpoint, for regions that have no regional one (tr-west-1, me-east-1, ...). */
export const globalIamUrl = "https://iam.myhuaweicloud.com";

/** IAM's base URL for a context: the option, the region's entry, or (on Huawei Cloud) the global endpoint. */
export function iamBase(options: { readonly endpoint?: string | undefined }, context: AuthContext): string {
  if (options.endpoint !== undefined) return checkBaseUrl("iam", options.endpoint);
  try {
    return context.endpoint("iam", iamServers);
  } catch (error) {
    if (context.cloud === "huaweicloud") return globalIamUrl;
    throw error;
  }
}

/**
 * Logs in with a password (`POST /v3/auth/tokens`) and sends the token as `X-Auth-Token`.
 * Tokens are project-scoped, so one is kept per project (or per `projectName`), each replaced
 * ahead of its expiry, with one login in flight per project however many requests wait for
 * it. After a 401 only the refused token is dropped, so one revoked token costs one login.
 * Each request waits for a login only as long as its own signal and timeout allow.
 */
export function iamAuth(options: IamOptions): Auth {
  for (const field of ["username", "password", "domain"] as const) {
    if (!options[field]) throw new AuthError(`iamAuth: ${field} is empty`);
  }
  if (options.endpoint !== undefined) checkBaseUrl("iam", options.endpoint);
  const now = options.now ?? Date.now;
  const scopes = new Map<string, Scope>();
  const keyOf = (context: AuthContext) => (options.projectName ? `name:${options.projectName}` : `id:${context.projectId}`);
  const scopeOf = (context: AuthContext) => {
    const key = keyOf(context);
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = {}));
    return scope;
  };

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
    const base = iamBase(options, context);
    let answer: Awaited<ReturnType<AuthContext["send"]>>;
    try {
      answer = await context.send({
        operation: "createToken",
        method: "POST",
        url: `${base}/v3/auth/tokens`,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        idempotent: true,
      });
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new AuthError(`iamAuth: the login to ${new URL(base).host} failed: ${why}`, { cause, redact: (t) => context.redactor.redact(t) });
    }
    if (answer.status < 200 || answer.status >= 300) {
      const parsed = parseErrorBody(answer.text);
      const detail = [parsed.code, parsed.message].filter(Boolean).join(": ");
      const redirect = answer.status < 400 ? " (a redirect, which restorekit never follows)" : "";
      throw new AuthError(context.redactor.redact(`iamAuth: IAM refused the login with HTTP ${answer.status}${redirect}${detail ? ` (${detail})` : ""}`));
    }
    const token = answer.headers.get("X-Subject-Token");
    if (!token) throw new AuthError("iamAuth: IAM's answer has no X-Subject-Token header");
    context.redactor.add(token);
    let expiresAt = Number.NaN;
    try {
      expiresAt = Date.parse((JSON.parse(answer.text) as { token?: { expires_at?: string } }).token?.expires_at ?? "");
    } catch {
      // handled below
    }
    if (!Number.isFinite(expiresAt)) throw new AuthError("iamAuth: IAM's answer has no valid token.expires_at");
    const lifetime = Math.max(0, expiresAt - now());
    const margin = Math.min(options.refreshBeforeMs ?? 5 * 60_000, lifetime / 10);
    return { value: token, refreshAt: expiresAt - margin };
  };

  const current = async (context: AuthContext): Promise<string> => {
    const scope = scopeOf(context);
    if (scope.token && now() < scope.token.refreshAt) return scope.token.value;
    // One login per project; it runs to its end for everyone waiting, while each caller waits only as long as it may.
    scope.login ??= login(context).then(
      (token) => {
        scope.login = undefined;
        scope.token = token;
        return token;
      },
      (error: unknown) => {
        scope.login = undefined;
        throw error instanceof RestoreKitError ? error : new AuthError(`iamAuth: ${String(error)}`);
      },
    );
    return (await abortable(scope.login, context.signal)).value;
  };

  return {
    kind: "iam",
    registerSecrets(redactor) {
      redactor.pin(options.password);
    },
    async authorize(request, context) {
      const token = await current(context);
      // Another client may share this mode: its redactor learns the token from the first request it signs with it.
      context.redactor.add(token);
      request.headers["X-Auth-Token"] = token;
    },
    invalidate(refused, context) {
      const scope = scopeOf(context);
      if (scope.token?.value === refused.headers["X-Auth-Token"]) scope.token = undefined;
      return true;
    },
  };
}
