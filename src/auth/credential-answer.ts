import { AuthError } from "../errors/auth-error.js";
import { headerValueProblem } from "../transport/wire-headers.js";
import type { TemporaryCredential } from "./temporary.js";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An access key ID goes into `Authorization: ... Access=AK, ...`: nothing that could break that header. */
const accessKey = /^[A-Za-z0-9._-]{1,256}$/;

/**
 * The temporary credential of an answer shaped `{"credential": {"access", "secret",
 * "securitytoken", "expires_at"}}`, as both IAM's security-token API and the ECS metadata
 * service send it. A broken answer is an `AuthError` naming the member and the rule, never a
 * value: the answer holds secrets.
 */
export function readCredential(text: string, who: string): TemporaryCredential {
  const refuse = (why: string) => new AuthError(`${who}: the answer is not usable: ${why}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refuse("it is not JSON");
  }
  const credential = isRecord(json) ? json.credential : undefined;
  if (!isRecord(credential)) throw refuse("it has no credential object");
  const member = (name: string) => {
    const value = credential[name];
    if (typeof value !== "string" || value === "") throw refuse(`credential.${name} is missing or not a non-empty string`);
    return value;
  };
  const ak = member("access");
  const sk = member("secret");
  const securityToken = member("securitytoken");
  const expires = member("expires_at");
  if (!accessKey.test(ak)) throw refuse("credential.access is not an access key ID (letters, digits, '.', '_' or '-')");
  const problem = headerValueProblem(securityToken);
  if (problem) throw refuse(`credential.securitytoken cannot be sent as X-Security-Token: it ${problem}`);
  const expiresAt = Date.parse(expires);
  if (!Number.isFinite(expiresAt)) throw refuse("credential.expires_at is not a date");
  return { ak, sk, securityToken, expiresAt };
}
