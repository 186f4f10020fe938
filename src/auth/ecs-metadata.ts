import { checkOptions } from "../client/check-options.js";
import { EndpointError } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import { readCredential } from "./credential-answer.js";
import { type TemporaryCredential, temporaryAkskAuth } from "./temporary.js";
import type { Auth, AuthContext, AuthSendOptions } from "./types.js";

export interface EcsMetadataOptions {
  /**
   * The metadata service's base URL; default `http://169.254.169.254`. Only an IP address that
   * is link-local (169.254.0.0/16, fe80::/10) or loopback (127.0.0.0/8, ::1) is accepted (a
   * loopback fake, for tests): never a name, which a resolver could send elsewhere.
   */
  readonly baseUrl?: string;
  /** Per attempt of a metadata request; default 2000 ms. */
  readonly timeoutMs?: number;
  /** Retries of a failed metadata request (backoff from 100 ms, at most 1 s); default 2. */
  readonly maxRetries?: number;
  /** How long before expiry the credentials are replaced; default 5 minutes, at most a tenth of their lifetime. */
  readonly refreshBeforeMs?: number;
  /** The clock (expiry and the signing time), for tests. */
  readonly now?: () => number;
}

/*
 * Sources: the vendors' ECS guides list `/openstack/latest/securitykey` among the OpenStack
 * metadata items, giving the temporary AK/SK of the agency attached to the server (Huawei Cloud,
 * *Obtaining ECS Details Using Metadata*, https://support.huaweicloud.com/intl/en-us/usermanual-ecs/ecs_03_0166.html;
 * Open Telekom Cloud, *Obtaining Metadata*, https://docs.otc.t-systems.com/en-us/usermanual/ecs/en-us_topic_0042400609.html).
 * The answer's shape, `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`, is
 * the one the vendor's own SDK reads (huaweicloud-sdk-python-v3, core `MetadataAccessor`), and
 * the same as IAM's security-token API returns.
 */

/** The ECS metadata service, as every ECS reaches it. */
export const defaultMetadataUrl = "http://169.254.169.254";

/** The path of the temporary credentials of the agency attached to the ECS. */
export const securityKeyPath = "/openstack/latest/securitykey";

const octets = (host: string) => (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? host.split(".").map(Number) : undefined);

/** Whether a URL's hostname (as the URL parser normalizes it) is a link-local or loopback IP address. */
export function isLinkLocalOrLoopback(hostname: string): boolean {
  const v4 = octets(hostname);
  if (v4) return v4[0] === 127 || (v4[0] === 169 && v4[1] === 254);
  if (!hostname.startsWith("[") || !hostname.endsWith("]")) return false;
  const v6 = hostname.slice(1, -1).toLowerCase();
  if (v6 === "::1") return true;
  const first = /^([0-9a-f]{1,4}):/.exec(v6)?.[1];
  // fe80::/10: the first ten bits are 1111 1110 10, so the first group is fe80 to febf.
  return first !== undefined && first.length === 4 && parseInt(first, 16) >= 0xfe80 && parseInt(first, 16) <= 0xfebf;
}

/** Refuses a metadata URL that is not http(s) to a link-local or loopback IP address, naming the rule but not a password. */
export function checkMetadataUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointError("ecsMetadataAuth: baseUrl is not a URL");
  }
  if (url.username || url.password) throw new EndpointError("ecsMetadataAuth: baseUrl must not carry credentials (user:password@)");
  if (url.search || url.hash) throw new EndpointError("ecsMetadataAuth: baseUrl must be a plain base URL without query or fragment");
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !isLinkLocalOrLoopback(url.hostname)) {
    throw new EndpointError(
      `ecsMetadataAuth: baseUrl must be http(s) to a link-local (169.254.0.0/16, fe80::/10) or loopback (127.0.0.0/8, ::1) IP address, got ${url.protocol}//${url.host}`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** One line of a refusal's body, for the message (redacted by the caller). */
function excerpt(text: string): string {
  const { code, message } = parseErrorBody(text);
  const said = [code, message].filter(Boolean).join(": ") || text;
  const line = said.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 160)}...` : line;
}

/**
 * Reads the agency's temporary credentials from the metadata service (`GET
 * /openstack/latest/securitykey`) through the client's transport, within `budget`. Every
 * failure is an `AuthError` that says where it went and why, without a credential.
 */
export async function fetchSecurityKey(context: AuthContext, baseUrl: string, budget: AuthSendOptions): Promise<TemporaryCredential> {
  const where = `the ECS metadata service at ${new URL(baseUrl).host}`;
  const redact = (t: string) => context.redactor.redact(t);
  let answer: Awaited<ReturnType<AuthContext["send"]>>;
  try {
    answer = await context.send(
      { service: "ecs-metadata", operation: "securitykey", method: "GET", url: `${baseUrl}${securityKeyPath}`, headers: {}, body: "", idempotent: true },
      budget,
    );
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new AuthError(`ecsMetadataAuth: ${where} gave no credentials: ${why}`, { cause, redact });
  }
  if (answer.status < 200 || answer.status >= 300) {
    const redirect = answer.status < 400 ? " (a redirect, which restorekit never follows)" : "";
    const said = excerpt(answer.text);
    const hint = answer.status === 401 || answer.status === 404 ? "; is an agency attached to this ECS?" : "";
    throw new AuthError(redact(`ecsMetadataAuth: ${where} answered HTTP ${answer.status}${redirect}${said ? ` (${said})` : ""}${hint}`));
  }
  return readCredential(answer.text, `ecsMetadataAuth: ${where}`);
}

/** The retry budget of metadata requests: a local service answers at once or not at all. */
export const metadataBudget = (options: { timeoutMs?: number | undefined; maxRetries?: number | undefined }): AuthSendOptions => ({
  timeoutMs: options.timeoutMs ?? 2000,
  maxRetries: options.maxRetries ?? 2,
  baseDelayMs: 100,
  maxDelayMs: 1000,
});

/**
 * Signs with the temporary AK/SK and security token of the agency attached to the ECS it runs
 * on, read from the ECS metadata service (`/openstack/latest/securitykey`) and replaced before
 * their `expires_at`, with one read in flight however many requests wait. The metadata service
 * is asked only at the configured link-local or loopback address, through restorekit's
 * transport (no redirect followed), with a short retry budget.
 */
export function ecsMetadataAuth(options: EcsMetadataOptions = {}): Auth {
  const baseUrl = checkMetadataUrl(options.baseUrl ?? defaultMetadataUrl);
  checkOptions("ecsMetadataAuth", { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, refreshBeforeMs: options.refreshBeforeMs });
  const budget = metadataBudget(options);
  return temporaryAkskAuth({
    kind: "ecs-metadata",
    obtain: (context) => fetchSecurityKey(context, baseUrl, budget),
    ...(options.refreshBeforeMs !== undefined ? { refreshBeforeMs: options.refreshBeforeMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
