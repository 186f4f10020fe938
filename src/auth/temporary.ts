import { AuthError } from "../errors/auth-error.js";
import { RestoreKitError } from "../errors/restorekit-error.js";
import type { Redactor } from "../redaction.js";
import type { Digest } from "../signing/digest.js";
import { abortable } from "../transport/sleep.js";
import { akskAuth } from "./aksk.js";
import type { Auth, AuthContext, OutgoingRequest } from "./types.js";

/** A temporary access key pair with its security token, as IAM and the ECS metadata service issue them. */
export interface TemporaryCredential {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken: string;
  /** When the credential stops working (epoch milliseconds, the issuer's clock). */
  readonly expiresAt: number;
}

/** What a refreshing AK/SK mode needs: where its credentials come from, and when to replace them. */
export interface TemporaryAkskOptions {
  /** A short name for messages: `ecs-metadata`, `assume-agency`. */
  readonly kind: string;
  /** Obtains a new credential through the context (`context.send`); throws an `AuthError` naming why it could not. */
  readonly obtain: (context: AuthContext) => Promise<TemporaryCredential>;
  /** How long before expiry a credential is replaced; default 5 minutes, at most a tenth of its lifetime. */
  readonly refreshBeforeMs?: number;
  /** The clock (expiry and the signing time), for tests. */
  readonly now?: () => number;
  /** Signing primitives; by default node:crypto where available, WebCrypto elsewhere. */
  readonly digest?: Digest;
  /** Registers the long-lived secrets the credentials are obtained with (an agency's base credentials). */
  readonly registerSecrets?: (redactor: Redactor) => void;
}

interface Held extends TemporaryCredential {
  /** When a replacement is fetched, in the background, while this one is still used. */
  readonly refreshAt: number;
  readonly signer: Auth;
}

/** The access key and security token an attempt was signed with. */
const signedWith = (request: OutgoingRequest) => ({
  ak: /Access=([^,\s]+)/.exec(request.headers.Authorization ?? "")?.[1],
  token: request.headers["X-Security-Token"],
});

/**
 * Signs with temporary credentials that it obtains, and replaces, itself. One credential is
 * held at a time and one replacement is fetched at a time, however many requests wait:
 * - before `refreshAt`, the held credential signs;
 * - between `refreshAt` and expiry it still signs, while one replacement is fetched in the
 *   background (a failed fetch is tried again after a pause, not on every request);
 * - with none held, or an expired one, requests wait for the one fetch in flight, each only as
 *   long as its own signal and timeout allow.
 * After a 401 only the refused credential is dropped. Every credential's SK and security token
 * are pinned in the redactor of each client that signs with them while they can still be used,
 * then remembered among its short-lived secrets.
 */
export function temporaryAkskAuth(options: TemporaryAkskOptions): Auth {
  const now = options.now ?? Date.now;
  const clock = () => new Date(now());
  let held: Held | undefined;
  let inflight: Promise<Held> | undefined;
  let retryAt = 0;
  /** Per client redactor: the credentials pinned there that may still be in use. */
  const pinnedIn = new WeakMap<Redactor, Held[]>();

  const register = (redactor: Redactor, credential: Held) => {
    const list = pinnedIn.get(redactor) ?? [];
    if (list.includes(credential)) return;
    redactor.pin(credential.sk);
    redactor.pin(credential.securityToken);
    const t = now();
    const kept = list.filter((c) => {
      if (c.expiresAt > t) return true;
      redactor.release(c.sk);
      redactor.release(c.securityToken);
      return false;
    });
    pinnedIn.set(redactor, [...kept, credential]);
  };

  const adopt = (credential: TemporaryCredential, redactor: Redactor): Held => {
    const t = now();
    const lifetime = credential.expiresAt - t;
    if (!(lifetime > 0)) throw new AuthError(`${options.kind}: the credentials obtained have already expired`);
    const margin = Math.min(options.refreshBeforeMs ?? 5 * 60_000, lifetime / 10);
    const signer = akskAuth({ ak: credential.ak, sk: credential.sk, securityToken: credential.securityToken, now: clock, ...(options.digest ? { digest: options.digest } : {}) });
    const next: Held = { ...credential, refreshAt: credential.expiresAt - margin, signer };
    register(redactor, next);
    return next;
  };

  const refresh = (context: AuthContext): Promise<Held> => {
    // One fetch for everyone; it runs to its end whoever stops waiting for it.
    inflight ??= options.obtain(context).then((credential) => adopt(credential, context.redactor)).then(
      (credential) => {
        inflight = undefined;
        held = credential;
        return credential;
      },
      (error: unknown) => {
        inflight = undefined;
        const left = held ? held.expiresAt - now() : 0;
        retryAt = now() + Math.min(30_000, Math.max(1000, left / 4));
        throw error instanceof RestoreKitError ? error : new AuthError(`${options.kind}: ${error instanceof Error ? error.message : String(error)}`, { redact: (t) => context.redactor.redact(t) });
      },
    );
    return inflight;
  };

  const current = async (context: AuthContext): Promise<Held> => {
    const t = now();
    const credential = held;
    if (credential && t < credential.refreshAt) return credential;
    if (credential && t < credential.expiresAt) {
      if (!inflight && t >= retryAt) refresh(context).catch(() => undefined);
      return credential;
    }
    return abortable(refresh(context), context.signal);
  };

  return {
    kind: options.kind,
    registerSecrets(redactor) {
      options.registerSecrets?.(redactor);
      if (held) register(redactor, held);
    },
    async authorize(request, context) {
      const credential = await current(context);
      register(context.redactor, credential);
      await credential.signer.authorize(request, context);
    },
    invalidate(refused) {
      const used = signedWith(refused);
      if (held && held.ak === used.ak && held.securityToken === used.token) held = undefined;
      return true;
    },
  };
}
