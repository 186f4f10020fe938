import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestoreKitError, akskAuth, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

const token = "tok-SECRET-0123456789";
const password = "pw-SECRET-0123456789";
const sk = "sk-SECRET-0123456789";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((r) => {
    if (r.rawUrl === "/v3/auth/tokens") return { status: 401, body: JSON.stringify({ error: { code: 401, message: `bad password ${password}` } }) };
    // A careless service that echoes what it was sent in its error message.
    return { status: 400, body: JSON.stringify({ error_code: "X.1", error_msg: `echo: ${r.headers.authorization ?? ""} ${r.headers["x-auth-token"] ?? ""}` }) };
  });
});
afterAll(() => server.close());

/** Every way a thrown error can end up in a log. */
function renderings(error: unknown): string[] {
  const e = error as RestoreKitError;
  return [String(e), e.message, JSON.stringify(e), inspect(e, { depth: 10 }), inspect(e.cause, { depth: 10 }), e.stack ?? ""];
}

function expectClean(texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("credentials never appear in errors, hooks or debug output", () => {
  it("token auth: errors, wrapped errors, hooks and curl lines", async () => {
    const lines: string[] = [];
    const rk = createRestoreClient({
      projectId: "p1",
      auth: tokenAuth(token),
      endpoints: server.url,
      maxRetries: 0,
      debug: (line) => lines.push(line),
      onRequest: (e) => lines.push(JSON.stringify(e)),
      onResponse: (e) => lines.push(JSON.stringify(e)),
    });
    const error = await rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreKitError);
    expect(lines.length).toBeGreaterThan(2);
    expectClean([...renderings(error), ...lines], [token]);
    // The echo really carried the token, so the redaction above is what kept it out.
    expect(server.requests.at(-1)?.headers["x-auth-token"]).toBe(token);
  });

  it("AK/SK: the SK and the signature stay out of errors, hooks and curl lines", async () => {
    const lines: string[] = [];
    const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak: "AKID", sk }), endpoints: server.url, maxRetries: 0, debug: (l) => lines.push(l) });
    const error = await rk.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }).catch((e: unknown) => e);
    const signature = /Signature=(\w+)/.exec(String(server.requests.at(-1)?.headers.authorization))?.[1] ?? "missing";
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expectClean([...renderings(error), ...lines], [sk, signature]);
  });

  it("IAM: a refused login does not reveal the password, even when IAM echoes it", async () => {
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password, domain: "d" }), endpoints: server.url, maxRetries: 0 });
    const error = await rk.rds
      .restoreToExistingInstance({ source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AuthError");
    expectClean(renderings(error), [password]);
  });

  it("a connection failure wrapping the fetch error stays clean", async () => {
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth(token), endpoints: "http://127.0.0.1:1", maxRetries: 0 });
    const error = await rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConnectionError");
    expect((error as Error).cause).toBeDefined();
    expectClean(renderings(error), [token]);
  });
});
