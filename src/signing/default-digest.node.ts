import { type Digest, type NodeCrypto, nodeDigest } from "./digest.js";

/**
 * The published build's digest under the `node` condition (Node, Deno, Bun): node:crypto,
 * synchronous. It is looked up on first use rather than imported, so that importing restorekit
 * does not pay for loading node:crypto (about 5 ms) in programs that never sign.
 */
export const defaultDigest = (): Digest => {
  const crypto = globalThis.process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  return crypto ? nodeDigest(crypto) : importedDigest();
};

/** Node before 20.16 has no `getBuiltinModule`: node:crypto comes from a dynamic import, and each digest is a Promise. */
function importedDigest(): Digest {
  const loaded = import("node:crypto").then(nodeDigest);
  return {
    name: "node:crypto",
    sha256Hex: async (data) => (await loaded).sha256Hex(data),
    hmacSha256Hex: async (key, data) => (await loaded).hmacSha256Hex(key, data),
  };
}
