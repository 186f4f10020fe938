import { type Digest, webDigest } from "./digest.js";

/** The published build's digest everywhere else (browsers, workers): WebCrypto. */
export const defaultDigest = (): Digest => webDigest();
