/**
 * Signing cost: the SDK-HMAC-SHA256 headers of the same restore request, computed by
 * restorekit's signer (node:crypto and WebCrypto digests) and by the vendor's AKSKSigner.
 */
import * as nodeCrypto from "node:crypto";
import { createRequire } from "node:module";
import { nodeDigest, webDigest } from "../src/signing/digest.js";
import { signRequest } from "../src/signing/sign.js";
import { backupId, keys, projectId, restore } from "./per-request.js";
import { type Spread, interleaved, spread } from "./lib/stats.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: object, credentials: object): Record<string, string> };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new () => { withAk(ak: string): { withSk(sk: string): object } };
};

export const signerNames = [
  "restorekit, node:crypto",
  "restorekit, WebCrypto",
  "vendor core AKSKSigner",
  "floor: node:crypto hashes only",
] as const;
export type Signer = (typeof signerNames)[number];

const endpoint = `https://cbr.eu-de.otc.t-systems.com/v3/${projectId}/backups/${backupId}/restore`;
const url = new URL(endpoint);
const body = JSON.stringify({ restore });
const headers = { "Content-Type": "application/json" };
const node = nodeDigest(nodeCrypto);
const web = webDigest();
const credentials = new BasicCredentials().withAk(keys.ak).withSk(keys.sk);
/** A canonical request of the same length as the real one, for the floor. */
const canonical = `POST\n${url.pathname}/\n\ncontent-type:application/json\nhost:${url.host}\nx-sdk-date:20261123T050000Z\n\ncontent-type;host;x-sdk-date\n`;

const sign: Record<Signer, () => unknown> = {
  "restorekit, node:crypto": () => signRequest({ method: "POST", url, headers, body }, keys, node),
  "restorekit, WebCrypto": () => signRequest({ method: "POST", url, headers, body }, keys, web),
  "vendor core AKSKSigner": () =>
    AKSKSigner.sign({ endpoint, method: "POST", queryParams: {}, data: { restore }, headers: { ...headers } }, credentials),
  // What any SDK-HMAC-SHA256 signer must spend: SHA-256 of the body and of the canonical request, one HMAC.
  "floor: node:crypto hashes only": () => {
    const bodyHash = nodeCrypto.hash("sha256", body, "hex");
    const requestHash = nodeCrypto.hash("sha256", canonical + bodyHash, "hex");
    return nodeCrypto.createHmac("sha256", keys.sk).update(`SDK-HMAC-SHA256\n20261123T050000Z\n${requestHash}`).digest("hex");
  },
};

/** Microseconds per signature (the date included, as each request needs a fresh one). A Promise is awaited; a plain result is not. */
async function timed(fn: () => unknown, iterations: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
  return ((performance.now() - t0) * 1000) / iterations;
}

export async function measureSigning(o: { rounds: number; iterations: number }): Promise<Record<Signer, Spread>> {
  const at = new Date(Date.UTC(2026, 10, 23, 5, 0, 0));
  const viaNode = await signRequest({ method: "POST", url, headers, body }, keys, node, at);
  const viaWeb = await signRequest({ method: "POST", url, headers, body }, keys, web, at);
  if (viaNode.Authorization !== viaWeb.Authorization) throw new Error("node:crypto and WebCrypto signatures differ");
  for (const name of signerNames) await timed(sign[name], Math.ceil(o.iterations / 4));
  const samples = await interleaved(signerNames, o.rounds, (name) => timed(sign[name as Signer], o.iterations));
  return Object.fromEntries(signerNames.map((n) => [n, spread(samples[n] ?? [])])) as Record<Signer, Spread>;
}
