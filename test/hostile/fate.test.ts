import { afterEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  ApiError,
  ConnectionError,
  MalformedResponseError,
  type RequestFate,
  RestoreKitError,
  TimeoutError,
  ValidationError,
  akskAuth,
  createRestoreClient,
  tokenAuth,
} from "../../src/index.js";
import { type HostileHandler, type HostileServer, closedPortUrl, startHostileServer } from "../support/hostile-server.js";

const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const client = (url: string, extra: object = {}) =>
  createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: url, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 400, ...extra });
const vbs = (rk: ReturnType<typeof client>, options = {}) => rk.vbs.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, options);
const fateOf = (e: unknown): RequestFate | undefined => (e instanceof RestoreKitError ? e.fate : undefined);

describe("every error of a restore carries its fate", () => {
  it("not-sent: validation, and a refused connection (retried, since it provably never left)", async () => {
    const api = await start();
    const bad = await client(api.url).vbs.restoreBackup({ backupId: "b1", restore: { volume_id: 42 as unknown as string } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(fateOf(bad)).toBe("not-sent");
    const refused = await vbs(client(await closedPortUrl())).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(fateOf(refused)).toBe("not-sent");
    expect((refused as Error).message).toMatch(/nothing was sent/);
    expect(api.requests).toHaveLength(0);
  });

  for (const [status, fate] of [
    [400, "refused"],
    [404, "refused"],
    [409, "refused"],
    [429, "refused"],
    [503, "refused"],
    [500, "unknown"],
    [502, "unknown"],
    [504, "unknown"],
  ] as const) {
    it(`HTTP ${status}: ${fate}${fate === "unknown" ? ", with the advice to check the status, not to resend" : ""}`, async () => {
      const api = await start((_r, res) => res.writeHead(status, { "Content-Type": "application/json" }).end('{"error_code":"X.1","error_msg":"no"}'));
      const error = await vbs(client(api.url, { maxRetries: 0 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(fateOf(error)).toBe(fate);
      if (fate === "unknown") expect((error as Error).message).toMatch(/may have been applied: check the resource's status before sending it again/);
      else expect((error as Error).message).not.toMatch(/may have been applied/);
    });
  }

  it("unknown: a timeout, and a connection lost after the request was sent", async () => {
    const slow = await start(() => undefined);
    const timeout = await vbs(client(slow.url, { timeoutMs: 150 })).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(fateOf(timeout)).toBe("unknown");
    const reset = await start((_r, res) => res.socket?.destroy());
    const lost = await vbs(client(reset.url)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConnectionError);
    expect(fateOf(lost)).toBe("unknown");
    expect(reset.requests).toHaveLength(1);
  });

  it("a refusal after an earlier attempt of unknown fate stays unknown (retryUnsafe)", async () => {
    const api = await start((_r, res, n) => res.writeHead(n === 1 ? 502 : 409).end());
    const error = await vbs(client(api.url, { retryUnsafe: true })).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(409);
    expect(fateOf(error)).toBe("unknown");
  });

  it("accepted: a 2xx whose body is not JSON", async () => {
    const api = await start((_r, res) => res.writeHead(202, { "Content-Type": "application/json" }).end("{half"));
    const error = await vbs(client(api.url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(fateOf(error)).toBe("accepted");
    expect((error as Error).message).toMatch(/accepted: do not send it again/);
  });

  it("an RDS restore with { wait } whose 200 has no job_id is accepted, not 'nothing was sent'", async () => {
    const api = await start((_r, res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    const rk = client(api.url);
    const error = await rk.rds
      .restoreToExistingInstance({ source: { instance_id: "i1", backup_id: "b1" }, target: { instance_id: "i1" } }, { wait: { firstDelayMs: 0, maxWaitMs: 100 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(fateOf(error)).toBe("accepted");
    expect((error as Error).message).not.toMatch(/nothing was sent/);
    expect(api.requests).toHaveLength(1);
  });

  it("an abort while the restore is in flight is AbortedError with fate unknown; before sending, not-sent", async () => {
    const slow = await start(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("operator stop")), 100);
    const inFlight = await vbs(client(slow.url, { timeoutMs: 5000 }), { signal: controller.signal }).catch((e: unknown) => e);
    expect(inFlight).toBeInstanceOf(AbortedError);
    expect(fateOf(inFlight)).toBe("unknown");
    expect(((inFlight as AbortedError).reason as Error).message).toBe("operator stop");
    const before = await vbs(client(slow.url), { signal: AbortSignal.abort(new Error("early")) }).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(AbortedError);
    expect(fateOf(before)).toBe("not-sent");
    expect(slow.requests).toHaveLength(1);
  });
});

describe("what cannot go on the wire is refused before sending, as not-sent", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["a value above U+00FF", { "X-Note": "日本" }, "headers.X-Note", "headerValue"],
    ["a value with CR LF", { "X-Note": "a\r\nX-Injected: 1" }, "headers.X-Note", "headerValue"],
    ["a value with NUL", { "X-Note": "a\u0000b" }, "headers.X-Note", "headerValue"],
    ["a per-call Content-Length", { "Content-Length": "5" }, "headers.Content-Length", "reserved"],
    ["a per-call Transfer-Encoding", { "Transfer-Encoding": "chunked" }, "headers.Transfer-Encoding", "reserved"],
    ["a per-call Host", { Host: "evil.example" }, "headers.Host", "reserved"],
  ];
  for (const [name, headers, path, rule] of cases) {
    it(`${name}: ValidationError naming ${path}, nothing sent`, async () => {
      const api = await start();
      const error = await vbs(client(api.url), { headers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ path, rule });
      expect(fateOf(error)).toBe("not-sent");
      expect(api.requests).toHaveLength(0);
    });
  }

  it("a non-Latin-1 project under AK/SK (it travels in X-Project-Id): ValidationError on projectId, nothing sent", async () => {
    const api = await start();
    const rk = createRestoreClient({ projectId: "projét-日本", auth: akskAuth({ ak: "AK", sk: "SK-1234" }), endpoints: api.url });
    const error = await vbs(rk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe("projectId");
    expect(api.requests).toHaveLength(0);
  });
});
