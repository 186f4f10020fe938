import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConflictError,
  EndpointError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
  createRestoreClient,
  tokenAuth,
} from "../../src/index.js";
import { type Answer, type RecordingServer, startRecordingServer } from "../support/recording-server.js";

let server: RecordingServer;
let next: Answer = { status: 202 };
beforeAll(async () => {
  server = await startRecordingServer(() => next);
});
afterAll(() => server.close());

const call = async (): Promise<ApiError> => {
  const rk = createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: server.url, maxRetries: 0 });
  return rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }).then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as ApiError,
  );
};

describe("every documented error shape becomes a typed ApiError", () => {
  it.each([
    ["error_code/error_msg", 400, '{"error_code":"BackupService.6101","error_msg":"The backup does not exist."}', BadRequestError, "BackupService.6101", "The backup does not exist."],
    ["OpenStack badRequest", 400, '{"badRequest":{"code":400,"message":"Invalid volume."}}', BadRequestError, "badRequest", "Invalid volume."],
    ["OpenStack itemNotFound", 404, '{"itemNotFound":{"code":404,"message":"Backup x could not be found."}}', NotFoundError, "itemNotFound", "Backup x could not be found."],
    ["error: {code, message}", 401, '{"error":{"code":"APIG.0301","message":"Incorrect IAM authentication information."}}', UnauthorizedError, "APIG.0301", "Incorrect IAM authentication information."],
    ["error with an integer code", 403, '{"error":{"code":403,"message":"Forbidden."}}', ForbiddenError, "403", "Forbidden."],
    ["a body that is not JSON", 502, "<html>Bad Gateway</html>", ServerError, undefined, undefined],
    ["an empty body", 409, "", ConflictError, undefined, undefined],
  ])("%s", async (_name, status, body, type, code, message) => {
    next = { status, body, headers: { "X-Request-Id": "rid-42" } };
    const error = await call();
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code, requestId: "rid-42", service: "cbr", operation: "restoreBackup" });
    if (message) expect(error.message).toContain(message);
    expect(error.body).toEqual(body === "" ? undefined : body.startsWith("{") ? JSON.parse(body) : body);
  });

  it("429 carries retryAfterMs", async () => {
    next = { status: 429, headers: { "Retry-After": "120" }, body: '{"error_code":"APIGW.0308","error_msg":"Too many requests."}' };
    const error = await call();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
  });
});

describe("endpoints", () => {
  it("an unknown region lists the known ones", () => {
    const rk = createRestoreClient({ cloud: "otc", region: "eu-xx", projectId: "p", auth: tokenAuth("t-123456") });
    return expect(rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).rejects.toThrow(/known regions: eu-de, eu-nl, eu-ch2/);
  });

  it("a service not offered in a region says so (CSBS is eu-de only on Open Telekom Cloud)", async () => {
    const rk = createRestoreClient({ cloud: "otc", region: "eu-nl", projectId: "p", auth: tokenAuth("t-123456") });
    const error = await rk.csbs.createRestore({ restore: { checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as Error).message).toMatch(/csbs is not offered in region "eu-nl" on otc; known regions: eu-de/);
  });

  it("plain http is refused except for loopback; per-service overrides win", async () => {
    const remote = createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: { vbs: "http://vbs.example.com" } });
    await expect(remote.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).rejects.toThrow(/must use https/);
    next = { status: 202, body: '{"restore":{"backup_id":"b","volume_id":"v","volume_name":"n"}}' };
    const local = createRestoreClient({ cloud: "otc", region: "eu-de", projectId: "p", auth: tokenAuth("t-123456"), endpoints: { vbs: server.url } });
    await local.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
    expect(server.requests.at(-1)?.rawUrl).toBe("/v2/p/backups/b/restore");
  });

  it("a region of the other cloud is named as such; without any region the message says region \"\"", async () => {
    const rk = createRestoreClient({ cloud: "huaweicloud", region: "eu-de", projectId: "p", auth: tokenAuth("t-123456") });
    await expect(rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).rejects.toThrow(/cbr is not offered in region "eu-de" on huaweicloud \(a region of cloud "otc"\); known regions: .*Pass endpoints\.cbr to use another URL\./);
  });

  it("allowInsecureHttp: plain http to a host that is not a loopback address only when asked; credentials still go only to that endpoint", async () => {
    // An IPv4-mapped IPv6 address: not one of the loopback names plain http is allowed for, yet it reaches the local server.
    const mapped = server.url.replace("127.0.0.1", "[::ffff:127.0.0.1]");
    const refused = createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: mapped });
    await expect(refused.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).rejects.toThrow(/must use https:\/\/ \(plain http:\/\/ is allowed only for loopback addresses\)/);
    next = { status: 202 };
    const before = server.requests.length;
    const allowed = createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: mapped, allowInsecureHttp: true });
    await allowed.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
    expect(server.requests.slice(before)).toHaveLength(1);
    expect(server.requests.at(-1)?.headers["x-auth-token"]).toBe("t-123456");
    // The opt-in is about the scheme only: a URL with a password or a query is still refused.
    const withPassword = createRestoreClient({ projectId: "p", auth: tokenAuth("t-123456"), endpoints: mapped.replace("http://", "http://u:pw@"), allowInsecureHttp: true });
    await expect(withPassword.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).rejects.toThrow(/must not carry credentials/);
  });
});
