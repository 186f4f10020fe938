import { randomHex } from "./random.js";

/** A temporary access key the emulator issued, with what a signature made with it must carry. */
export interface TemporaryKey {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken: string;
  readonly projectId: string;
  readonly expiresAt: number;
}

/** IAM's and the metadata service's expiry format: UTC with microseconds, as the pages' examples show. */
export const expiryText = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

/**
 * The temporary keys the emulator issued (an agency's, or the metadata service's), by access key.
 * Expired ones are dropped first, then the oldest, beyond `limit`.
 */
export class TemporaryKeyStore {
  private readonly keys = new Map<string, TemporaryKey>();

  constructor(private readonly limit = 10_000) {}

  issue(random: () => number, now: number, ttlMs: number, projectId: string): TemporaryKey {
    if (this.keys.size >= this.limit) {
      for (const [ak, k] of this.keys) if (k.expiresAt <= now) this.keys.delete(ak);
      while (this.keys.size >= this.limit) this.keys.delete(this.keys.keys().next().value as string);
    }
    const key = {
      ak: `TMP${randomHex(random, 9).toUpperCase()}`,
      sk: randomHex(random, 20),
      securityToken: `emulator-security-token-${randomHex(random, 48)}`,
      projectId,
      expiresAt: now + ttlMs,
    };
    this.keys.set(key.ak, key);
    return key;
  }

  get(ak: string): TemporaryKey | undefined {
    return this.keys.get(ak);
  }

  get size(): number {
    return this.keys.size;
  }
}

/** The answer body both issuers send: `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`. */
export const credentialBody = (key: TemporaryKey) => ({
  credential: { access: key.ak, secret: key.sk, securitytoken: key.securityToken, expires_at: expiryText(key.expiresAt) },
});
