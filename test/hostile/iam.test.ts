import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, EndpointError, TimeoutError, WaitTimeoutError, authFromEnv, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
import { globalIamUrl } from "../../src/auth/iam.js";
import { type HostileHandler, type HostileRequest, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";

const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An IAM that issues `tok-<n>` scoped to the project asked for, optionally revoking some. */
function fakeIam(onLogin: (r: HostileRequest) => void = () => undefined) {
  let issued = 0;
  const scopeOf = new Map<string, string>();
  const handler: HostileHandler = (r, res) => {
    onLogin(r);
    const project = (JSON.parse(r.body) as { auth: { scope: { project: { id: string } } } }).auth.scope.project.id;
    const token = `tok-${++issued}-${project}`;
    scopeOf.set(token, project);
    res.writeHead(201, { "X-Subject-Token": token, "Content-Type": "application/json" }).end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 86_400_000).toISOString() } }));
  };
  return { handler, scopeOf, logins: () => issued };
}

const restore = (rk: ReturnType<typeof createRestoreClient>, options = {}) => rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, options);

describe("iamAuth on a hostile network", () => {
  it("keeps one token per project: a per-call projectId gets a token scoped to that project", async () => {
    const iam = fakeIam();
    const iamServer = await start(iam.handler);
    const api = await start();
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: iamServer.url }), endpoints: api.url });
    await restore(rk);
    await restore(rk, { projectId: "p2" });
    await restore(rk, { projectId: "p2" });
    await restore(rk);
    expect(iam.logins()).toBe(2);
    for (const r of api.requests) {
      const project = r.rawUrl.split("/")[2] as string;
      expect(iam.scopeOf.get(String(r.headers["x-auth-token"]))).toBe(project);
    }
  });

  it("a revoked token with 50 requests in flight costs exactly one login", async () => {
    const iam = fakeIam();
    const iamServer = await start(iam.handler);
    let revoked = "";
    // Answers spread over 150 ms, so that refusals of the revoked token keep arriving after the new one was issued.
    const api = await start(async (r, res, n) => {
      await new Promise((w) => setTimeout(w, (n * 7) % 150));
      if (r.headers["x-auth-token"] === revoked) return void res.writeHead(401).end('{"error_code":"APIGW.0301","error_msg":"token revoked"}');
      res.writeHead(202).end();
    });
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: iamServer.url }), endpoints: api.url });
    await restore(rk);
    revoked = String(api.requests[0]?.headers["x-auth-token"]);
    await Promise.all(Array.from({ length: 50 }, () => restore(rk)));
    expect(iam.logins()).toBe(2);
  });

  it("a hanging login obeys the call's timeout and signal", async () => {
    const iamServer = await start(() => undefined);
    const api = await start();
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: iamServer.url }), endpoints: api.url, timeoutMs: 1000 });
    let started = Date.now();
    const timedOut = await restore(rk).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as TimeoutError).fate).toBe("not-sent");
    expect(Date.now() - started).toBeLessThan(2000);
    started = Date.now();
    const aborted = await restore(rk, { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(api.requests).toHaveLength(0);
  });

  it("a wait with maxWaitMs 1500 ends in time although every login hangs", async () => {
    const iamServer = await start(() => undefined);
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: iamServer.url }), endpoints: iamServer.url });
    const started = Date.now();
    const error = await rk.rds.waitForJob("j1", { firstDelayMs: 0, maxWaitMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it("a token provider sees the request's signal, and is not waited for past it", async () => {
    const api = await start();
    let seen: AbortSignal | undefined;
    const rk = createRestoreClient({
      projectId: "p1",
      auth: tokenAuth(({ signal }) => {
        seen = signal;
        return new Promise<string>(() => undefined);
      }),
      endpoints: api.url,
      timeoutMs: 300,
    });
    const started = Date.now();
    await expect(restore(rk)).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen?.aborted).toBe(true);
  });

  it("refuses an http:// IAM endpoint that is not loopback, and a URL with user:password@, without echoing it", () => {
    expect(() => iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: "http://iam.example.com" })).toThrow(EndpointError);
    const withUserinfo = (() => {
      try {
        iamAuth({ username: "u", password: "pw-1234", domain: "d", endpoint: "https://admin:hunter2-SECRET@iam.example.com" });
      } catch (e) {
        return e;
      }
    })();
    expect(withUserinfo).toBeInstanceOf(EndpointError);
    for (const text of renderings(withUserinfo)) expect(text).not.toContain("hunter2-SECRET");
    const env = { OS_USERNAME: "u", OS_PASSWORD: "pw-1234", OS_USER_DOMAIN_NAME: "d", OS_AUTH_URL: "http://iam.example.com/v3" };
    expect(() => authFromEnv(env)).toThrow(EndpointError);
    const broken = (() => {
      try {
        authFromEnv({ ...env, OS_AUTH_URL: "https://u:hunter2-SECRET@[bad" });
      } catch (e) {
        return e;
      }
    })();
    expect(broken).toBeInstanceOf(EndpointError);
    for (const text of renderings(broken)) expect(text).not.toContain("hunter2-SECRET");
  });

  it("uses Huawei Cloud's global IAM endpoint in regions that have none (tr-west-1, me-east-1, ...)", async () => {
    for (const region of ["tr-west-1", "ap-southeast-4", "me-east-1", "ae-ad-1", "cn-south-4"]) {
      const urls: string[] = [];
      // A fetch that records where the login goes and refuses it: the URL choice is what is tested.
      const recording: typeof fetch = async (input) => {
        urls.push(String(input));
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
      };
      const rk = createRestoreClient({ region, projectId: "p1", auth: iamAuth({ username: "u", password: "pw-1234", domain: "d" }), fetch: recording, maxRetries: 0 });
      await restore(rk).catch(() => undefined);
      expect(urls[0]).toBe(`${globalIamUrl}/v3/auth/tokens`);
    }
  });
});
