/**
 * Per-request cost: the same CBR restore POST (answered 202 by the loopback server) sent six
 * ways, in interleaved rounds within one process, sequentially and with 16 requests in flight.
 */
import http from "node:http";
import { createRequire } from "node:module";
import createClient from "openapi-fetch";
import type { paths } from "../generated/types/cbr.js";
import { akskAuth, createRestoreClient, tokenAuth } from "../src/index.js";
import { type Spread, interleaved, spread } from "./lib/stats.js";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: object, credentials: object): Record<string, string> };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new () => { withAk(ak: string): { withSk(sk: string): object } };
};

/** The reference page's whole-server example. */
export const projectId = "f841e01fd2b14e7fa41b6ae7aa6b0594";
export const backupId = "a5200268-74a5-4806-acc6-95793ab0228b";
export const restore = {
  server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
  mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
  power_on: false,
};
export const keys = { ak: "BENCHACCESSKEY000001", sk: "bench-secret-key-not-real" };
const token = "bench-token-not-real-0123456789";

export const variantNames = [
  "node:http, keep-alive",
  "global fetch",
  "openapi-fetch (raw)",
  "restorekit, tokenAuth",
  "restorekit, akskAuth",
  "vendor core signer + fetch",
] as const;
export type Variant = (typeof variantNames)[number];

/** One function per variant; each sends the restore once and reads the answer to its end. */
function senders(base: string): Record<Variant, () => Promise<unknown>> {
  const url = `${base}/v3/${projectId}/backups/${backupId}/restore`;
  const json = JSON.stringify({ restore });
  const headers = { "Content-Type": "application/json", "X-Auth-Token": token };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const raw = createClient<paths>({ baseUrl: base });
  const byToken = createRestoreClient({ projectId, endpoints: base, auth: tokenAuth(token) });
  const byAksk = createRestoreClient({ projectId, endpoints: base, auth: akskAuth(keys) });
  const credentials = new BasicCredentials().withAk(keys.ak).withSk(keys.sk);
  const expect202 = (status: number | undefined) => {
    if (status !== 202) throw new Error(`expected 202, got ${status}`);
  };
  return {
    "node:http, keep-alive": () =>
      new Promise((done, fail) => {
        const req = http.request(url, { method: "POST", agent, headers }, (res) => {
          expect202(res.statusCode);
          res.resume().on("end", done);
        });
        req.on("error", fail).end(json);
      }),
    "global fetch": async () => {
      const res = await fetch(url, { method: "POST", headers, body: json });
      expect202(res.status);
      await res.arrayBuffer();
    },
    "openapi-fetch (raw)": async () => {
      const { response } = await raw.POST("/v3/{project_id}/backups/{backup_id}/restore", {
        params: { path: { project_id: projectId, backup_id: backupId } },
        body: { restore },
        headers: { "X-Auth-Token": token },
      });
      expect202(response.status);
    },
    "restorekit, tokenAuth": () => byToken.cbr.restoreBackup({ backupId, restore }),
    "restorekit, akskAuth": () => byAksk.cbr.restoreBackup({ backupId, restore }),
    "vendor core signer + fetch": async () => {
      const signed = AKSKSigner.sign(
        { endpoint: url, method: "POST", queryParams: {}, data: { restore }, headers: { "Content-Type": "application/json" } },
        credentials,
      );
      const res = await fetch(url, { method: "POST", headers: signed, body: JSON.stringify({ restore }) });
      expect202(res.status);
      await res.arrayBuffer();
    },
  };
}

export interface PerRequestFigures {
  /** Wall-clock microseconds per request: median and range over rounds. */
  readonly micros: Spread;
  /** Client process CPU (user + system) microseconds per request. */
  readonly cpuMicros: Spread;
}

/** Sends `count` requests with `inFlight` workers; returns µs and CPU µs per request. */
async function batch(send: () => Promise<unknown>, count: number, inFlight: number): Promise<{ wall: number; cpu: number }> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await send();
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const wall = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: wall / count, cpu: (cpu.user + cpu.system) / count };
}

export async function measurePerRequest(
  base: string,
  o: { inFlight: number; rounds: number; requests: number; warmup: number },
): Promise<Record<Variant, PerRequestFigures>> {
  const send = senders(base);
  for (const name of variantNames) await batch(send[name], o.warmup, o.inFlight);
  const samples = await interleaved(variantNames, o.rounds, (name) => batch(send[name as Variant], o.requests, o.inFlight));
  const out = {} as Record<Variant, PerRequestFigures>;
  for (const name of variantNames) {
    const s = samples[name] ?? [];
    out[name] = { micros: spread(s.map((x) => x.wall)), cpuMicros: spread(s.map((x) => x.cpu)) };
  }
  return out;
}
