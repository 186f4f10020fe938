import type { ServerResponse } from "node:http";
import { gatewaySignature } from "./gateway-signature.js";
import type { HostileHandler, HostileRequest } from "./hostile-server.js";

/** A temporary credential a fake issued. */
export interface Issued {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken: string;
  readonly expiresAt: number;
}

/** Issues numbered temporary credentials, each valid `lifetimeMs()` from `clock()`, as IAM and the metadata service shape them. */
export function credentialIssuer(lifetimeMs: () => number, clock: () => number = Date.now) {
  const issued: Issued[] = [];
  const issue = (): Issued => {
    const n = issued.length + 1;
    const credential = { ak: `TEMPAK${String(n).padStart(4, "0")}`, sk: `temp-SECRET-sk-${n}-${"x".repeat(20)}`, securityToken: `temp-SECRET-token-${n}-${"y".repeat(40)}`, expiresAt: clock() + lifetimeMs() };
    issued.push(credential);
    return credential;
  };
  const body = (c: Issued) => JSON.stringify({ credential: { access: c.ak, secret: c.sk, securitytoken: c.securityToken, expires_at: new Date(c.expiresAt).toISOString().replace("Z", "000Z") } });
  const answer = (res: ServerResponse, c: Issued = issue(), status = 200) => res.writeHead(status, { "Content-Type": "application/json" }).end(body(c));
  return { issued, issue, body, answer };
}

/** Why a request's temporary-key signature is not acceptable, or undefined: the key, its security token (signed), the signature, its expiry. */
export function temporarySignatureProblem(r: HostileRequest, issued: readonly Issued[], now: number): string | undefined {
  const authorization = String(r.headers.authorization ?? "");
  const ak = /Access=([^,]+)/.exec(authorization)?.[1];
  const key = issued.find((c) => c.ak === ak);
  if (!key) return "unknown access key";
  const names = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
  if (!names.includes("x-security-token") || r.headers["x-security-token"] !== key.securityToken) return "security token missing, unsigned or wrong";
  const headers = Object.fromEntries(names.map((n) => [n, String(r.headers[n])]));
  const expected = gatewaySignature(r.method, r.rawUrl.split("?")[0] ?? "", headers, r.body, String(r.headers["x-sdk-date"]), key.sk);
  if (/Signature=([0-9a-f]+)/.exec(authorization)?.[1] !== expected) return "signature mismatch";
  return key.expiresAt <= now ? "expired" : undefined;
}

/** An API that answers 202 to a valid, unexpired temporary-key signature and 401 to anything else, after `delayMs(n)`. */
export function temporaryKeyApi(issued: readonly Issued[], clock: () => number = Date.now, delayMs: (n: number) => number = () => 0): HostileHandler {
  return async (r, res, n) => {
    const wait = delayMs(n);
    if (wait > 0) await new Promise((w) => setTimeout(w, wait));
    const problem = temporarySignatureProblem(r, issued, clock());
    if (problem) return void res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error_code: "APIGW.0301", error_msg: problem }));
    res.writeHead(202).end();
  };
}

/** The access key an API request was signed with. */
export const accessKeyOf = (r: HostileRequest) => /Access=([^,]+)/.exec(String(r.headers.authorization ?? ""))?.[1];
