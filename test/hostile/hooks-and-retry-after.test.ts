import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, AuthError, HookError, type RetryEvent, createRestoreClient, tokenAuth } from "../../src/index.js";
import { parseRetryAfter } from "../../src/transport/retry-policy.js";
import { sleep } from "../../src/transport/sleep.js";
import { type HostileHandler, type HostileServer, startHostileServer } from "../support/hostile-server.js";

const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const restore = (rk: ReturnType<typeof createRestoreClient>, options = {}) => rk.vbs.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, options);
const accepted: HostileHandler = (_r, res) => res.writeHead(202, { "Content-Type": "application/json" }).end('{"restore":{"backup_id":"b1","volume_id":"v1","volume_name":"n"}}');

describe("exceptions from hooks and credential providers are never network failures", () => {
  it("an onResponse hook that throws a plain Error on a 202: HookError, fate accepted, applied once", async () => {
    const api = await start(accepted);
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, onResponse: () => { throw new Error("log sink full"); } });
    const error = await restore(rk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect((error as HookError).hook).toBe("onResponse");
    expect((error as HookError).fate).toBe("accepted");
    expect(api.requests).toHaveLength(1);
  });

  it("an onResponse hook that throws an error coded ECONNREFUSED does not make the SDK send the restore again", async () => {
    const api = await start(accepted);
    const rk = createRestoreClient({
      projectId: "p1",
      auth: tokenAuth("tok-1234"),
      endpoints: api.url,
      baseDelayMs: 1,
      onResponse: () => {
        throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      },
    });
    const error = await restore(rk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect(api.requests).toHaveLength(1);
  });

  it("an onRequest hook that throws: HookError, not-sent, nothing sent", async () => {
    const api = await start(accepted);
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, onRequest: () => { throw new Error("no"); } });
    const error = await restore(rk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect((error as HookError).fate).toBe("not-sent");
    expect(api.requests).toHaveLength(0);
  });

  it("a token provider that throws an ECONNREFUSED-coded error: AuthError, called once, nothing sent", async () => {
    const api = await start(accepted);
    let calls = 0;
    const provider = () => {
      calls++;
      throw Object.assign(new Error("vault unreachable"), { code: "ECONNREFUSED" });
    };
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth(provider), endpoints: api.url, baseDelayMs: 1 });
    const error = await restore(rk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).fate).toBe("not-sent");
    expect(calls).toBe(1);
    expect(api.requests).toHaveLength(0);
  });
});

describe("Retry-After", () => {
  it("accepts delta-seconds and the three HTTP-date forms of RFC 9110, nothing else", () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 30);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sun Nov  6 08:49:37 1994", now)).toBe(7000);
    for (const bad of ["-5", "0.5", "1, 2", "1e3", "tomorrow", "2026-11-23T10:00:00Z", " ", ""]) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  for (const value of ["-5", "0.5", "1, 2"]) {
    it(`Retry-After: ${value} is ignored: the backoff applies, not an immediate retry`, async () => {
      const api = await start((_r, res) => res.writeHead(429, { "Retry-After": value }).end());
      const retries: RetryEvent[] = [];
      const controller = new AbortController();
      const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, baseDelayMs: 100_000, maxDelayMs: 100_000, signal: controller.signal, onRetry: (e) => {
        retries.push(e);
        controller.abort(new Error("seen"));
      } });
      await expect(restore(rk)).rejects.toBeInstanceOf(AbortedError);
      expect(retries).toHaveLength(1);
      expect(retries[0]?.delayMs).toBeGreaterThan(0);
      expect(api.requests).toHaveLength(1);
    });
  }

  it("a Retry-After beyond 2^31-1 ms with maxRetryAfterMs: Infinity is waited for, not cut to 1 ms", async () => {
    const api = await start((_r, res) => res.writeHead(503, { "Retry-After": "3000000" }).end());
    const delays: number[] = [];
    const controller = new AbortController();
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, maxRetryAfterMs: Number.POSITIVE_INFINITY, signal: controller.signal, onRetry: (e) => delays.push(e.delayMs) });
    const pending = restore(rk).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 400));
    expect(delays).toEqual([3_000_000_000]);
    expect(api.requests).toHaveLength(1);
    controller.abort(new Error("done"));
    expect(await pending).toBeInstanceOf(AbortedError);
  });

  it("sleep chains timers for delays longer than one timer holds", async () => {
    const controller = new AbortController();
    const pending = sleep(2 ** 33, controller.signal).then(() => "woke", () => "aborted");
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await pending).toBe("aborted");
  });
});
