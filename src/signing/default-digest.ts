import { type Digest, type NodeCrypto, nodeDigest, webDigest } from "./digest.js";

/** Where node:crypto may be found without importing it: `process.getBuiltinModule` (Node ≥ 20.16). */
export interface Runtime {
  readonly process?: { getBuiltinModule?: (id: string) => unknown };
}

/**
 * node:crypto where the runtime lends it synchronously, WebCrypto elsewhere (browsers, workers,
 * and Node before 20.16, which sign correctly but more slowly). This is the choice made at run
 * time, as the sources run; the published build makes it at install time instead, through the
 * package's `#default-digest` import (`default-digest.node.ts` and `default-digest.web.ts`).
 */
export function defaultDigest(runtime: Runtime = globalThis as Runtime): Digest {
  const crypto = runtime.process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  return crypto ? nodeDigest(crypto) : webDigest();
}
