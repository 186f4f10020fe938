import { canonicalRequest, sdkDate } from "./canonical.js";
import type { Digest } from "./digest.js";

export const signingAlgorithm = "SDK-HMAC-SHA256";

/** An access key pair, with the security token of temporary credentials. */
export interface AkSk {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken?: string;
}

export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  /** Headers to sign besides `host` and `x-sdk-date`, any case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as it will be sent; `""` when there is none. */
  readonly body: string;
}

/** The headers a signature adds: `X-Sdk-Date`, `Authorization` and, for temporary credentials, `X-Security-Token`. */
export type SignedHeaders = Record<string, string>;

/** Applies `next` at once to a plain value, or after a Promise settles: synchronous digests stay synchronous. */
const then = <U>(value: string | Promise<string>, next: (v: string) => U | Promise<U>): U | Promise<U> =>
  typeof value === "string" ? next(value) : value.then(next);

/**
 * Signs one request attempt. With a synchronous digest (node:crypto) the headers are returned
 * directly; with WebCrypto, as a Promise. `X-Security-Token`, when present, is signed too.
 */
export function signRequest(request: RequestToSign, keys: AkSk, digest: Digest, now: Date = new Date()): SignedHeaders | Promise<SignedHeaders> {
  const date = sdkDate(now);
  const added: SignedHeaders = { "X-Sdk-Date": date };
  if (keys.securityToken) added["X-Security-Token"] = keys.securityToken;
  const signed: Record<string, string> = {};
  // Trimmed as fetch sends them and as the gateway canonicalizes them.
  for (const name in request.headers) signed[name.toLowerCase()] = (request.headers[name] as string).replace(/^[\t ]+|[\t ]+$/g, "");
  for (const name in added) signed[name.toLowerCase()] = added[name] as string;
  signed.host = request.url.host;
  const names = Object.keys(signed).sort();
  return then(digest.sha256Hex(request.body), (payloadHash) => {
    const canonical = canonicalRequest({ method: request.method, url: request.url, headers: signed, payloadHash }, names);
    return then(digest.sha256Hex(canonical), (canonicalHash) =>
      then(digest.hmacSha256Hex(keys.sk, `${signingAlgorithm}\n${date}\n${canonicalHash}`), (sig) => {
        added.Authorization = `${signingAlgorithm} Access=${keys.ak}, SignedHeaders=${names.join(";")}, Signature=${sig}`;
        return added;
      }),
    );
  });
}
