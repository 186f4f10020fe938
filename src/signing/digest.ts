/**
 * SHA-256 and HMAC-SHA256 in lower-case hex, from node:crypto when the runtime has it (synchronous,
 * and about ten times cheaper in Node 20) and from WebCrypto otherwise. Both give identical output.
 */
export interface Digest {
  readonly name: "node:crypto" | "webcrypto";
  sha256Hex(data: string): string | Promise<string>;
  hmacSha256Hex(key: string, data: string): string | Promise<string>;
}

const toHex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/** The WebCrypto implementation, available in browsers, Deno, Bun, workers and Node. */
export function webDigest(subtle: typeof globalThis.crypto.subtle = globalThis.crypto.subtle): Digest {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  return {
    name: "webcrypto",
    sha256Hex: async (data) => toHex(await subtle.digest("SHA-256", utf8(data))),
    hmacSha256Hex: async (key, data) => {
      const k = await subtle.importKey("raw", utf8(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return toHex(await subtle.sign("HMAC", k, utf8(data)));
    },
  };
}

type Hasher = { update(data: string): { digest(encoding: "hex"): string } };

/** The part of node:crypto the signer uses. `hash` (one-shot, Node ≥ 20.12) is used when present. */
export interface NodeCrypto<Key = unknown> {
  createHash(algorithm: "sha256"): Hasher;
  createHmac(algorithm: "sha256", key: Key): Hasher;
  /** Gives a `KeyObject`, opaque here. */
  createSecretKey(key: string, encoding: "utf8"): Key;
  hash?: (algorithm: "sha256", data: string, encoding: "hex") => string;
}

/**
 * The node:crypto implementation; every result is a string, never a Promise. The HMAC key is
 * imported once as a `KeyObject` and kept for as long as the same key is used (one SK per
 * `akskAuth`), which saves about a sixth of each HMAC.
 */
export function nodeDigest<Key>(crypto: NodeCrypto<Key>): Digest & { sha256Hex(data: string): string; hmacSha256Hex(key: string, data: string): string } {
  const { hash } = crypto;
  let key: { text: string; handle: Key } | undefined;
  return {
    name: "node:crypto",
    sha256Hex: hash ? (data) => hash("sha256", data, "hex") : (data) => crypto.createHash("sha256").update(data).digest("hex"),
    hmacSha256Hex: (text, data) => {
      if (key?.text !== text) key = { text, handle: crypto.createSecretKey(text, "utf8") };
      return crypto.createHmac("sha256", key.handle).update(data).digest("hex");
    },
  };
}
