import * as crypto from "node:crypto";
import { type Digest, nodeDigest } from "./digest.js";

/** The published build's digest under the `node` condition (Node, Deno, Bun): node:crypto, synchronous. */
export const defaultDigest = (): Digest => nodeDigest(crypto);
