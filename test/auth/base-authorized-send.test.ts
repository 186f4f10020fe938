import { afterEach, describe, expect, it } from "vitest";
import { type Auth, type AuthSendOptions, AuthError, TimeoutError, ValidationError, akskAuth, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
import { gatewaySignature } from "../support/gateway-signature.js";
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

/** An auth mode whose every attempt first sends a request of its own, authorized by `base` (or by nothing). */
function relay(sideUrl: string, options: AuthSendOptions = {}): Auth {
  return {
    kind: "relay",
    registerSecrets: (redactor) => options.auth?.registerSecrets(redactor),
    async authorize(request, context) {
      const answer = await context.send({ operation: "side", method: "POST", url: `${sideUrl}/v3/side`, headers: { "Content-Type": "application/json" }, body: '{"a":1}', idempotent: true }, options);
      request.headers["X-Auth-Token"] = `relayed-after-${answer.status}`;
    },
  };
}

const restore = (auth: Auth, api: HostileServer, extra = {}) =>
  createRestoreClient({ projectId: "p1", auth, endpoints: api.url, ...extra }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });

describe("an auth mode's own request, authorized by another mode (context.send with { auth })", () => {
  it("without it the request goes out unauthenticated; with a token base it carries the base's token", async () => {
    const side = await start((_r, res) => res.writeHead(200).end("{}"));
    const api = await start();
    await restore(relay(side.url), api);
    expect(side.requests[0]?.headers["x-auth-token"]).toBeUndefined();
    expect(side.requests[0]?.headers.authorization).toBeUndefined();
    await restore(relay(side.url, { auth: tokenAuth("base-token-1234") }), api);
    expect(side.requests[1]?.headers["x-auth-token"]).toBe("base-token-1234");
    expect(api.requests.map((r) => r.headers["x-auth-token"])).toEqual(["relayed-after-200", "relayed-after-200"]);
  });

  it("with an AK/SK base the request is signed as the gateway verifies it, through the same transport", async () => {
    const side = await start((_r, res) => res.writeHead(200).end("{}"));
    const api = await start();
    await restore(relay(side.url, { auth: akskAuth({ ak: "BASEAK", sk: "base-sk-secret" }) }), api);
    const r = side.requests[0];
    const authorization = String(r?.headers.authorization);
    expect(authorization).toMatch(/^SDK-HMAC-SHA256 Access=BASEAK, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/);
    expect(r?.headers["x-project-id"]).toBe("p1");
    const names = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
    const headers = Object.fromEntries(names.map((n) => [n, String(r?.headers[n])]));
    expect(/Signature=([0-9a-f]+)/.exec(authorization)?.[1]).toBe(gatewaySignature("POST", r?.rawUrl ?? "", headers, r?.body ?? "", String(r?.headers["x-sdk-date"]), "base-sk-secret"));
  });

  it("a 401 to the base's token lets the base replace it once: one more login, and the relay's request succeeds", async () => {
    let logins = 0;
    const iam = await start((_r, res) => {
      logins++;
      res.writeHead(201, { "X-Subject-Token": `login-token-${logins}`, "Content-Type": "application/json" }).end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3600_000).toISOString() } }));
    });
    const side = await start((r, res) => res.writeHead(r.headers["x-auth-token"] === "login-token-1" ? 401 : 200).end("{}"));
    const api = await start();
    await restore(relay(side.url, { auth: iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: iam.url }) }), api);
    expect(logins).toBe(2);
    expect(side.requests.map((r) => r.headers["x-auth-token"])).toEqual(["login-token-1", "login-token-2"]);
    expect(api.requests[0]?.headers["x-auth-token"]).toBe("relayed-after-200");
  });

  it("keeps to the budget asked for: a hanging side request ends after its own timeoutMs, not the client's", async () => {
    const side = await start(() => undefined);
    const api = await start();
    const started = Date.now();
    const error = await restore(relay(side.url, { timeoutMs: 200, maxRetries: 0 }), api, { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/iam\.side: no answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(side.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses a budget out of range, naming the option, and reports a failing base as AuthError", async () => {
    const side = await start((_r, res) => res.writeHead(200).end("{}"));
    const api = await start();
    const bad = await restore(relay(side.url, { timeoutMs: -1 }), api).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues[0]).toMatchObject({ path: "timeoutMs", rule: "range" });
    const failing = tokenAuth(() => {
      throw new Error("vault is sealed");
    });
    const error = await restore(relay(side.url, { auth: failing }), api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/vault is sealed/);
    expect(side.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});
