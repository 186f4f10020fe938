import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthError, UnauthorizedError, createRestoreClient, iamAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

let server: RecordingServer;
let logins = 0;
let lifetimeMs = 24 * 3600_000;
let refuseRestores = 0;
let tokenSeq = 0;

beforeAll(async () => {
  server = await startRecordingServer((r) => {
    if (r.rawUrl === "/v3/auth/tokens") {
      logins++;
      const body = JSON.parse(r.body) as { auth: { identity: { password: { user: { password: string } } } } };
      if (body.auth.identity.password.user.password !== "right-password") return { status: 401, body: '{"error":{"code":401,"message":"The username or password is wrong."}}' };
      return { status: 201, headers: { "X-Subject-Token": `token-${++tokenSeq}` }, body: JSON.stringify({ token: { expires_at: new Date(Date.now() + lifetimeMs).toISOString() } }) };
    }
    if (refuseRestores > 0) {
      refuseRestores--;
      return { status: 401, body: '{"error_code":"APIGW.0301","error_msg":"Incorrect token."}' };
    }
    return { status: 202 };
  });
});
afterAll(() => server.close());

const restore = (rk: ReturnType<typeof createRestoreClient>) => rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
const make = (password = "right-password") =>
  createRestoreClient({ cloud: "otc", region: "eu-de", projectId: "p1", auth: iamAuth({ username: "op", password, domain: "acct" }), endpoints: server.url });

describe("iamAuth", () => {
  it("logs in once with a project-scoped password body and sends X-Subject-Token as X-Auth-Token", async () => {
    logins = 0;
    const rk = make();
    await restore(rk);
    await restore(rk);
    expect(logins).toBe(1);
    const login = server.requests.find((r) => r.rawUrl === "/v3/auth/tokens");
    expect(JSON.parse(login?.body ?? "")).toEqual({
      auth: { identity: { methods: ["password"], password: { user: { name: "op", password: "right-password", domain: { name: "acct" } } } }, scope: { project: { id: "p1" } } },
    });
    expect(server.requests.at(-1)?.headers["x-auth-token"]).toMatch(/^token-\d+$/);
  });

  it("ten concurrent calls share one login", async () => {
    logins = 0;
    const rk = make();
    await Promise.all(Array.from({ length: 10 }, () => restore(rk)));
    expect(logins).toBe(1);
  });

  it("refreshes ahead of expiry", async () => {
    logins = 0;
    lifetimeMs = 2000; // the refresh margin is a tenth of the lifetime: 200 ms
    const rk = make();
    await restore(rk);
    await new Promise((r) => setTimeout(r, 1850));
    await restore(rk);
    expect(logins).toBe(2);
    lifetimeMs = 24 * 3600_000;
  });

  it("a 401 triggers exactly one re-login and one retry; a second 401 surfaces", async () => {
    const rk = make();
    await restore(rk);
    logins = 0;
    const before = server.requests.length;
    refuseRestores = 1;
    await restore(rk);
    expect(logins).toBe(1);
    expect(server.requests.length - before).toBe(3); // refused restore, login, retried restore
    refuseRestores = 2;
    await expect(restore(rk)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("a refused login is an AuthError without the password anywhere", async () => {
    const error = await restore(make("wrong-password-value")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/HTTP 401/);
    for (const text of [String(error), JSON.stringify(error), inspect(error)]) expect(text).not.toContain("wrong-password-value");
  });
});
