import { canonicalRequest, sdkDate, signedHeaderNames } from "./canonical.js";
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

/** The signature of a canonical request, keyed with the SK. */
export async function signature(digest: Digest, sk: string, date: string, canonical: string): Promise<string> {
  const stringToSign = `${signingAlgorithm}\n${date}\n${await digest.sha256Hex(canonical)}`;
  return digest.hmacSha256Hex(sk, stringToSign);
}

/**
 * Signs one request attempt. Returns the headers to add: `X-Sdk-Date`, `Authorization` and, for
 * temporary credentials, `X-Security-Token` (which is signed too).
 */
export async function signRequest(
  request: RequestToSign,
  keys: AkSk,
  digest: Digest,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  const date = sdkDate(now);
  const added: Record<string, string> = { "X-Sdk-Date": date };
  if (keys.securityToken) added["X-Security-Token"] = keys.securityToken;
  const signed: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...request.headers, ...added })) signed[name.toLowerCase()] = value;
  signed.host = request.url.host;
  const canonical = canonicalRequest({
    method: request.method,
    url: request.url,
    headers: signed,
    payloadHash: await digest.sha256Hex(request.body),
  });
  const names = signedHeaderNames(signed).join(";");
  const sig = await signature(digest, keys.sk, date, canonical);
  added.Authorization = `${signingAlgorithm} Access=${keys.ak}, SignedHeaders=${names}, Signature=${sig}`;
  return added;
}
