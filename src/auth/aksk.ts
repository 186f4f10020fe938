import { AuthError } from "../errors/auth-error.js";
import { defaultDigest } from "../signing/default-digest.js";
import type { Digest } from "../signing/digest.js";
import { type AkSk, signRequest } from "../signing/sign.js";
import type { Auth } from "./types.js";

export interface AkskOptions extends AkSk {
  /** Signing primitives; by default node:crypto where available, WebCrypto elsewhere. */
  readonly digest?: Digest;
  /** The signing clock, for tests. */
  readonly now?: () => Date;
}

/**
 * Signs every attempt with SDK-HMAC-SHA256 (the `Authorization` and `X-Sdk-Date` headers), with
 * `X-Project-Id` and, for temporary credentials, `X-Security-Token` among the signed headers.
 */
export function akskAuth(options: AkskOptions): Auth {
  const { ak, sk, securityToken } = options;
  if (!ak || !sk) throw new AuthError(`akskAuth: ${!ak ? "ak" : "sk"} is empty`);
  const now = options.now ?? (() => new Date());
  let digest = options.digest;
  return {
    kind: "aksk",
    registerSecrets(redactor) {
      redactor.pin(sk);
      redactor.pin(securityToken);
    },
    async authorize(request, context) {
      digest ??= defaultDigest();
      request.headers["X-Project-Id"] = context.projectId;
      const signed = await signRequest(
        { method: request.method, url: request.url, headers: request.headers, body: request.body },
        { ak, sk, ...(securityToken ? { securityToken } : {}) },
        digest,
        now(),
      );
      Object.assign(request.headers, signed);
      // A service that echoes the signature alone (without `Signature=`) must not show it either.
      context.redactor.add(signed.Authorization?.slice(-64));
    },
  };
}
