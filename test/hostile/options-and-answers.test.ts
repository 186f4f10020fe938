import { afterEach, describe, expect, it } from "vitest";
import { ResponseTooLargeError, ValidationError, WaitTimeoutError, createRestoreClient, tokenAuth } from "../../src/index.js";
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

const restore = (rk: ReturnType<typeof createRestoreClient>, options = {}) => rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, options);

describe("bad options get a restorekit error naming the option", () => {
  for (const timeoutMs of [Number.NaN, Number.POSITIVE_INFINITY, -1, 5e9]) {
    it(`timeoutMs ${timeoutMs}: ValidationError on timeoutMs, at the client and per call, nothing sent`, async () => {
      const api = await start();
      expect(() => createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, timeoutMs })).toThrow(ValidationError);
      const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
      const error = await restore(rk, { timeoutMs }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ path: "timeoutMs", rule: "range" });
      expect(api.requests).toHaveLength(0);
    });
  }

  it("a fractional maxWaitMs works; a NaN one is a ValidationError, not a RangeError", async () => {
    const api = await start((_r, res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{"job":{"id":"j1","status":"Running"}}'));
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
    await expect(rk.rds.waitForJob("j1", { firstDelayMs: 0, maxWaitMs: 300.5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    const error = await rk.rds.waitForJob("j1", { maxWaitMs: Number.NaN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("maxWaitMs");
  });
});

describe("odd answers", () => {
  for (const body of ["{}", "null", '{"job":{}}', '{"job":{"status":7}}']) {
    it(`a waiter reading ${body} ends as WaitTimeoutError naming the problem, never a raw TypeError`, async () => {
      const api = await start((_r, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(body));
      const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
      const error = await rk.rds.waitForJob("j1", { firstDelayMs: 0, minDelayMs: 20, maxWaitMs: 200 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect((error as WaitTimeoutError).lastError).toMatch(/no status/);
    });
  }

  it("a 256 MB answer to a restore is not read whole: ResponseTooLargeError, fate accepted, memory bounded", async () => {
    const chunk = Buffer.alloc(1 << 20, 97);
    let written = 0;
    const api = await start(async (_r, res) => {
      res.writeHead(202, { "Content-Type": "application/json" });
      for (let i = 0; i < 256 && !res.destroyed; i++) {
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r).once("close", r));
        written++;
      }
      res.end();
    });
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
    const rssBefore = process.memoryUsage().rss;
    const error = await rk.vbs.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
    const grown = process.memoryUsage().rss - rssBefore;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).fate).toBe("accepted");
    expect((error as ResponseTooLargeError).maxResponseBytes).toBe(1 << 20);
    expect(grown).toBeLessThan(64 * (1 << 20));
    expect(written).toBeLessThan(256);
  });

  it("the cap is configurable; an error answer over it is still a typed refusal", async () => {
    const api = await start((_r, res) => res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ error_code: "X.1", error_msg: "x".repeat(5000) })));
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, maxResponseBytes: 1000 });
    const error = await restore(rk).catch((e: unknown) => e);
    expect((error as { status: number }).status).toBe(400);
    expect((error as { fate: string }).fate).toBe("refused");
  });
});
