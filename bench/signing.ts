import * as nodeCrypto from "node:crypto";
import { createRequire } from "node:module";
import { nodeDigest, webDigest } from "../src/signing/digest.js";
import { signRequest } from "../src/signing/sign.js";
import { type Spread, spread } from "./lib/stats.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");

const url = new URL("https://cbr.eu-de.otc.t-systems.com/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore");
const data = { restore: { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526", mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }] } };
const body = JSON.stringify(data);
const headers = { "Content-Type": "application/json", "X-Project-Id": "f841e01fd2b14e7fa41b6ae7aa6b0594" };
const keys = { ak: "BENCHAK", sk: "bench-secret-key" };
const credentials = new BasicCredentials().withAk(keys.ak).withSk(keys.sk);

const signers: Record<string, () => Promise<unknown> | unknown> = {
  "restorekit, node:crypto": () => signRequest({ method: "POST", url, headers, body }, keys, nodeDigest(nodeCrypto)),
  "restorekit, WebCrypto": () => signRequest({ method: "POST", url, headers, body }, keys, webDigest()),
  "vendor core AKSKSigner": () => AKSKSigner.sign({ endpoint: url.href, method: "POST", queryParams: {}, data, headers: { ...headers } }, credentials),
};

/** Microseconds per signature, each signer run in interleaved rounds. */
export async function measureSigning(rounds: number, iterations: number): Promise<Record<string, Spread>> {
  const samples: Record<string, number[]> = {};
  for (const sign of Object.values(signers)) for (let i = 0; i < 500; i++) await sign();
  for (let r = 0; r < rounds; r++) {
    for (const [name, sign] of Object.entries(signers)) {
      const t0 = performance.now();
      for (let i = 0; i < iterations; i++) await sign();
      (samples[name] ??= []).push(((performance.now() - t0) * 1000) / iterations);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, spread(v)]));
}
