import { describe, expect, it } from "vitest";
import { ConnectionError, RateLimitError, type RetryEvent, ServerError, TimeoutError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type Answer, startRecordingServer } from "../support/recording-server.js";

/** A server that answers from a script, one answer per request, then 202. */
async function scripted(answers: Answer[]) {
  return startRecordingServer(() => answers.shift() ?? { status: 202, body: '{"job":{"id":"j","status":"Running"}}' });
}

const client = (url: string, extra: object = {}) =>
  createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: url, baseDelayMs: 1, maxDelayMs: 5, ...extra });
const restore = (rk: ReturnType<typeof client>) => rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
const read = (rk: ReturnType<typeof client>) => rk.rds.waitForJob("j", { firstDelayMs: 0, maxWaitMs: 1 });

describe("retry policy", () => {
  it.each([500, 502, 504])("a restore POST is not retried after %i; a read is", async (status) => {
    const server = await scripted([{ status }, { status }]);
    try {
      await expect(restore(client(server.url))).rejects.toBeInstanceOf(ServerError);
      expect(server.requests).toHaveLength(1);
      const retried = await scripted([{ status }]);
      try {
        await read(client(retried.url)).catch(() => undefined);
        expect(retried.requests.length).toBeGreaterThanOrEqual(2);
      } finally {
        await retried.close();
      }
    } finally {
      await server.close();
    }
  });

  it("retryUnsafe: true opts a restore into retries after 502", async () => {
    const server = await scripted([{ status: 502 }]);
    try {
      await restore(client(server.url, { retryUnsafe: true }));
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("maxRetries (default 2) bounds the attempts; onRetry reports each", async () => {
    const server = await scripted([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    const retries: RetryEvent[] = [];
    try {
      await expect(restore(client(server.url, { onRetry: (e: RetryEvent) => retries.push(e) }))).rejects.toBeInstanceOf(ServerError);
      expect(server.requests).toHaveLength(3);
      expect(retries.map((r) => r.reason)).toEqual(["HTTP 503", "HTTP 503"]);
    } finally {
      await server.close();
    }
  });

  it("Retry-After is honoured, and a Retry-After beyond maxRetryAfterMs is not waited for", async () => {
    const server = await scripted([{ status: 429, headers: { "Retry-After": "1" } }, { status: 429, headers: { "Retry-After": "3600" } }]);
    try {
      const started = Date.now();
      const error = await restore(client(server.url)).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("a refused connection is retried (it never reached a server), then ConnectionError with reachedServer false", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = await startRecordingServer();
    const closed = probe.url;
    await probe.close();
    const retries: RetryEvent[] = [];
    const error = await restore(client(closed, { onRetry: (e: RetryEvent) => retries.push(e) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).reachedServer).toBe(false);
    expect((error as ConnectionError).attempts).toBe(3);
    expect(retries.map((r) => r.reason)).toEqual(["connection refused", "connection refused"]);
  });

  it("timeoutMs applies per attempt; a timed-out restore is not sent again", async () => {
    const { createServer } = await import("node:http");
    let hits = 0;
    const slow = createServer(() => {
      hits++; // never answers
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(slow.address() as { port: number }).port}`;
    try {
      const started = Date.now();
      const error = await restore(client(url, { timeoutMs: 200 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(hits).toBe(1);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it("the client's signal aborts a backoff sleep at once", async () => {
    const server = await scripted([{ status: 503, headers: { "Retry-After": "30" } }]);
    const controller = new AbortController();
    try {
      const started = Date.now();
      setTimeout(() => controller.abort(new Error("stop")), 100);
      await expect(restore(client(server.url, { signal: controller.signal }))).rejects.toThrow("stop");
      expect(Date.now() - started).toBeLessThan(500);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
