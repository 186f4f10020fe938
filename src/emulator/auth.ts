import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { canonicalRequest, parseSdkDate } from "../signing/canonical.js";
import type { EmulatorCredentials } from "./options.js";
import type { TemporaryKeyStore } from "./temporary-keys.js";

const maxSkewMs = 15 * 60_000;

export interface IssuedToken {
  readonly projectId: string;
  readonly expiresAt: number;
}

/** The key a signature names: the account's own, or a temporary one (which needs its security token and expires). */
export interface SigningKey {
  readonly sk: string;
  readonly projectId: string;
  readonly securityToken?: string;
  readonly expiresAt?: number;
}

/** Who made a request, or why it is refused (the reason never contains a credential). */
export type Caller = { readonly ok: true; readonly via: "token" | "aksk"; readonly projectId: string } | { readonly ok: false; readonly reason: string };

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Verifies an SDK-HMAC-SHA256 signature the way the gateway does: the canonical request is
 * rebuilt from what arrived (method, raw path and query, the listed headers, the body's hash),
 * the signature recomputed with the SK and compared in constant time, and a date more than 15
 * minutes away from the clock is refused. A temporary key's signature must also sign its
 * security token (`X-Security-Token`), and the key must not have expired.
 */
export function verifySignature(
  authorization: string,
  request: { method: string; rawUrl: string; headers: IncomingHttpHeaders; body: Buffer },
  keyOf: (access: string) => SigningKey | undefined,
  now: number,
): Caller {
  const m = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(authorization);
  if (!m) return { ok: false, reason: "the Authorization header is not an SDK-HMAC-SHA256 signature" };
  const [, access, signedList, given] = m as unknown as [string, string, string, string];
  const key = keyOf(access);
  if (!key) return { ok: false, reason: "unknown access key" };
  const names = signedList.split(";");
  if (!names.includes("host") || !names.includes("x-sdk-date")) return { ok: false, reason: "host and x-sdk-date must be signed" };
  const date = header(request.headers, "x-sdk-date") ?? "";
  const at = parseSdkDate(date);
  if (!at) return { ok: false, reason: "X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ" };
  if (Math.abs(now - at.getTime()) > maxSkewMs) return { ok: false, reason: "X-Sdk-Date is more than 15 minutes away from the server's clock" };
  const signed: Record<string, string> = {};
  for (const name of names) {
    const value = header(request.headers, name);
    if (value === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    signed[name] = value;
  }
  const canonical = canonicalRequest({
    method: request.method,
    url: new URL(request.rawUrl, `http://${signed.host}`),
    headers: signed,
    payloadHash: createHash("sha256").update(request.body).digest("hex"),
  });
  const stringToSign = `SDK-HMAC-SHA256\n${date}\n${createHash("sha256").update(canonical).digest("hex")}`;
  if (!sameText(given, createHmac("sha256", key.sk).update(stringToSign).digest("hex"))) return { ok: false, reason: "the signature does not match" };
  if (key.securityToken !== undefined) {
    if (!names.includes("x-security-token")) return { ok: false, reason: "a temporary access key needs X-Security-Token, signed" };
    if (!sameText(signed["x-security-token"] ?? "", key.securityToken)) return { ok: false, reason: "the security token does not belong to this access key" };
    if (key.expiresAt !== undefined && key.expiresAt <= now) return { ok: false, reason: "the temporary access key has expired" };
  }
  // Without X-Project-Id, the request is for the key's own (default) project, which the project check then compares.
  return { ok: true, via: "aksk", projectId: header(request.headers, "x-project-id") ?? key.projectId };
}

/** The tokens the emulator issued, with their project and expiry; expired ones are dropped, and at most `limit` kept (oldest dropped first). */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly limit = 10_000) {}

  issue(token: string, issued: IssuedToken, now: number): void {
    if (this.tokens.size >= this.limit) {
      for (const [value, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(value);
      while (this.tokens.size >= this.limit) this.tokens.delete(this.tokens.keys().next().value as string);
    }
    this.tokens.set(token, issued);
  }

  get size(): number {
    return this.tokens.size;
  }

  check(token: string, now: number): Caller {
    const issued = this.tokens.get(token);
    if (!issued) return { ok: false, reason: "the token was not issued by this emulator" };
    if (issued.expiresAt <= now) return { ok: false, reason: "the token has expired" };
    return { ok: true, via: "token", projectId: issued.projectId };
  }
}

/** Authenticates a request by token or signature (the account's key, or a temporary one it issued). */
export function authenticate(
  request: { method: string; rawUrl: string; headers: IncomingHttpHeaders; body: Buffer },
  credentials: EmulatorCredentials,
  tokens: TokenStore,
  temporary: TemporaryKeyStore,
  now: number,
): Caller {
  const token = header(request.headers, "x-auth-token");
  if (token) return tokens.check(token, now);
  const authorization = header(request.headers, "authorization");
  const keyOf = (access: string): SigningKey | undefined => (access === credentials.ak ? { sk: credentials.sk, projectId: credentials.projectId } : temporary.get(access));
  if (authorization) return verifySignature(authorization, request, keyOf, now);
  return { ok: false, reason: "no X-Auth-Token and no Authorization header" };
}
