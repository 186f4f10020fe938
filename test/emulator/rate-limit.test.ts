import { afterEach, describe, expect, it } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as rds from "../../generated/operations/rds.js";
import * as vbs from "../../generated/operations/vbs.js";
import { type Emulator, type EmulatorOptions, defaultRateLimit, startEmulator } from "../../src/emulator/index.js";
import { RateLimitError } from "../../src/index.js";
import { operationCaller } from "../support/read-operations.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}) {
  emulator = await startEmulator({ port: 0, seed: 4, ...options });
  return { e: emulator, call: operationCaller(emulator, { maxRetries: 0 }) };
}

/** Sends `n` reads at once and returns their outcomes: the HTTP status, 429 included. */
async function burst(call: ReturnType<typeof operationCaller>, n: number, op = rds.listInstances, input: Record<string, unknown> = {}) {
  const outcomes = await Promise.allSettled(Array.from({ length: n }, () => call(op, input)));
  return outcomes.map((o) => (o.status === "fulfilled" ? 200 : (o.reason as { status?: number }).status));
}

describe("the rate limit (per project and service, 429 with Retry-After before processing)", () => {
  it("is on by default at 10 requests a second with bursts of 20", async () => {
    expect(defaultRateLimit).toEqual({ requestsPerSecond: 10, burst: 20 });
    const { e, call } = await start();
    const started = performance.now();
    const statuses = await burst(call, 30);
    // The burst of 20, and the tokens refilled at 10 a second while the 30 arrived.
    const refilled = Math.ceil(((performance.now() - started) / 1000) * 10);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(20 + refilled);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - ok);
    expect(e.stats.rateLimited).toEqual({ rds: 30 - ok });
    expect(e.stats.requests["rds.listInstances"]).toBe(30);
    expect(e.stats.answers["rds.listInstances"]).toEqual({ "200": ok, "429": 30 - ok });
  });

  it("answers in the service's error shape with the gateway's code and a Retry-After in seconds, and counts per service", async () => {
    const { e, call } = await start({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await call(cbr.listBackups, {});
    const error = await call(cbr.listBackups, {}).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).body).toEqual({ error_code: "APIG.0308", error_msg: expect.stringContaining("The throttling threshold has been reached") });
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
    // Another service has its own bucket; VBS answers the OpenStack fault, EVS its own shape.
    await call(vbs.showBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2" });
    expect(((await call(vbs.showBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2" }).catch((x: unknown) => x)) as RateLimitError).body).toEqual({ overLimit: { code: 429, message: expect.any(String) } });
    await call(vbs.listVolumes, {});
    expect(((await call(vbs.listVolumes, {}).catch((x: unknown) => x)) as RateLimitError).body).toEqual({ error: { message: expect.any(String), code: "APIG.0308" } });
    expect(e.stats.rateLimited).toEqual({ cbr: 1, vbs: 1, evs: 1 });
    const raw = await fetch(`${e.url}/__emulator/stats`);
    expect(((await raw.json()) as { rateLimited: unknown }).rateLimited).toEqual({ cbr: 1, vbs: 1, evs: 1 });
  });

  it("refuses before processing: a throttled restore is not applied, and the SDK's retry after Retry-After applies it once", async () => {
    const { e } = await start({ rateLimit: { requestsPerSecond: 2, burst: 1 } });
    const call = operationCaller(e, { maxRetries: 0 });
    await call(cbr.listBackups, {});
    const body = { backupId: "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
    await expect(call(cbr.restoreBackup, body)).rejects.toBeInstanceOf(RateLimitError);
    expect(e.restoreLog).toHaveLength(0);
    const retrying = operationCaller(e, { maxRetries: 2 });
    await retrying(cbr.restoreBackup, body);
    expect(e.restoreLog).toHaveLength(1);
  });

  it("refills over time, and leaves IAM, the control routes and other projects' buckets alone", async () => {
    const { e, call } = await start({ rateLimit: { requestsPerSecond: 4, burst: 2 } });
    expect((await burst(call, 3)).sort()).toEqual([200, 200, 429]);
    // The project's bucket is empty now; another project's is its own (those requests are then refused as not this account's).
    const other = await Promise.all(Array.from({ length: 2 }, () => fetch(`${e.url}/v3/0123456789abcdef0123456789abcdef/instances`)));
    expect(other.map((r) => r.status)).toEqual([401, 401]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await burst(call, 1)).toEqual([200]);
    for (let i = 0; i < 5; i++) expect((await fetch(`${e.url}/__emulator/stats`)).status).toBe(200);
    const c = e.credentials;
    const logins = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${e.url}/v3/auth/tokens`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } } }),
        }),
      ),
    );
    expect(logins.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it("is off with rateLimit: false, and refuses nonsense settings", async () => {
    const { call } = await start({ rateLimit: false });
    expect((await burst(call, 60)).every((s) => s === 200)).toBe(true);
    await expect(startEmulator({ port: 0, rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(/requestsPerSecond/);
    await expect(startEmulator({ port: 0, rateLimit: { requestsPerSecond: 5, burst: 0.5 } })).rejects.toThrow(/burst/);
  });
});
