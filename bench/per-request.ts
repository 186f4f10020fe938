import { createRequire } from "node:module";
import http from "node:http";
import createClient from "openapi-fetch";
import type { paths } from "../generated/types/cbr.js";
import { akskAuth, createRestoreClient, tokenAuth } from "../src/index.js";
import { type Spread, spread } from "./lib/stats.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");

const body = { restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
const path = "/v3/p1/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore";

type Send = () => Promise<void>;

/** The six ways to send the same restore POST. */
export function variants(url: string): Record<string, Send> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(path, url);
  const json = JSON.stringify(body);
  const raw = createClient<paths>({ baseUrl: url });
  const token = createRestoreClient({ projectId: "p1", auth: tokenAuth("bench-token-0123456789"), endpoints: url });
  const aksk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak: "BENCHAK", sk: "bench-secret-key" }), endpoints: url });
  const credentials = new BasicCredentials().withAk("BENCHAK").withSk("bench-secret-key");
  return {
    "node:http (keep-alive)": () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(target, { method: "POST", agent, headers: { "Content-Type": "application/json", "X-Auth-Token": "t" } }, (res) => {
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end(json);
      }),
    "global fetch": async () => {
      const res = await fetch(target, { method: "POST", headers: { "Content-Type": "application/json", "X-Auth-Token": "t" }, body: json });
      await res.arrayBuffer();
    },
    "openapi-fetch (raw)": async () => {
      await raw.POST("/v3/{project_id}/backups/{backup_id}/restore", {
        params: { path: { project_id: "p1", backup_id: "a5200268-74a5-4806-acc6-95793ab0228b" } },
        body,
        headers: { "X-Auth-Token": "t" },
      });
    },
    "restorekit, tokenAuth": async () => {
      await token.cbr.restoreBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: body.restore });
    },
    "restorekit, akskAuth": async () => {
      await aksk.cbr.restoreBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: body.restore });
    },
    "vendor core signer + fetch": async () => {
      const headers = AKSKSigner.sign({ endpoint: target.href, method: "POST", queryParams: {}, data: body, headers: { "Content-Type": "application/json", "X-Project-Id": "p1" } }, credentials);
      delete headers.host;
      const res = await fetch(target, { method: "POST", headers, body: JSON.stringify(body) });
      await res.arrayBuffer();
    },
  };
}

export interface PerRequest {
  readonly microsPerRequest: Spread;
  readonly cpuMicrosPerRequest: Spread;
}

async function runOnce(send: Send, requests: number, inFlight: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wall = ((performance.now() - t0) * 1000) / requests;
  const used = process.cpuUsage(cpu0);
  return { wall, cpu: (used.user + used.system) / requests };
}

/** Every variant, interleaved round by round so that machine noise hits all of them alike. */
export async function measurePerRequest(url: string, inFlight: number, rounds: number, requests: number): Promise<Record<string, PerRequest>> {
  const all = variants(url);
  for (const send of Object.values(all)) for (let i = 0; i < 200; i++) await send(); // warm-up
  const samples: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, send] of Object.entries(all)) {
      const { wall, cpu } = await runOnce(send, requests, inFlight);
      (samples[name] ??= { wall: [], cpu: [] }).wall.push(wall);
      samples[name].cpu.push(cpu);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { microsPerRequest: spread(s.wall), cpuMicrosPerRequest: spread(s.cpu) }]));
}
