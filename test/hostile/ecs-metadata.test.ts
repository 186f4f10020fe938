import { afterEach, describe, expect, it } from "vitest";
import { ecsMetadataAuth } from "../../src/auth/index.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { AbortedError, AuthError, EndpointError, TimeoutError, ValidationError, createRestoreClient } from "../../src/index.js";
import { type HostileHandler, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";
import { accessKeyOf, credentialIssuer, temporaryKeyApi } from "../support/temporary-credentials.js";

const servers: HostileServer[] = [];
const emulators: Emulator[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.close()), ...emulators.splice(0).map((e) => e.stop())]);
});

/** A clock tests move by hand; the fakes and the auth mode share it. */
function manualClock(start = Date.UTC(2026, 10, 23, 10)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const restore = (rk: ReturnType<typeof createRestoreClient>, options = {}) => rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, options);
const client = (metadata: HostileServer, api: HostileServer, options: Parameters<typeof ecsMetadataAuth>[0] = {}, extra = {}) =>
  createRestoreClient({ projectId: "p1", auth: ecsMetadataAuth({ baseUrl: metadata.url, ...options }), endpoints: api.url, ...extra });
const secretsOf = (issued: readonly { sk: string; securityToken: string }[]) => issued.flatMap((c) => [c.sk, c.securityToken]);

describe("ecsMetadataAuth against a metadata service that rotates, fails, stalls or talks nonsense", () => {
  it("signs with the agency's temporary key, its security token signed too, read with one GET of /openstack/latest/securitykey", async () => {
    const issuer = credentialIssuer(() => 3600_000);
    const metadata = await start((_r, res) => issuer.answer(res));
    const api = await start(temporaryKeyApi(issuer.issued));
    const rk = client(metadata, api);
    await restore(rk);
    await restore(rk);
    expect(metadata.requests.map((r) => `${r.method} ${r.rawUrl}`)).toEqual(["GET /openstack/latest/securitykey"]);
    expect(api.requests.map(accessKeyOf)).toEqual(["TEMPAK0001", "TEMPAK0001"]);
    expect(api.requests[0]?.headers["x-security-token"]).toBe(issuer.issued[0]?.securityToken);
  });

  it("replaces the credentials before expires_at in the background, and after a failed refresh keeps the valid ones and tries again only after a pause", async () => {
    const clock = manualClock();
    const issuer = credentialIssuer(() => 60_000, clock.now);
    let failNext = false;
    const metadata = await start((_r, res) => {
      if (failNext) return void res.writeHead(500).end("busy");
      issuer.answer(res);
    });
    const api = await start(temporaryKeyApi(issuer.issued, clock.now));
    const rk = client(metadata, api, { now: clock.now, maxRetries: 0 });
    await restore(rk);
    // 57 s into a 60 s lifetime: inside the refresh margin (a tenth of it). The request still signs with the first key.
    clock.advance(57_000);
    failNext = true;
    await restore(rk);
    await new Promise((w) => setTimeout(w, 100));
    expect(metadata.requests).toHaveLength(2);
    // No new attempt on every request while the pause lasts (a quarter of what is left, at least 1 s).
    await restore(rk);
    expect(metadata.requests).toHaveLength(2);
    clock.advance(1500);
    failNext = false;
    await restore(rk);
    await new Promise((w) => setTimeout(w, 100));
    await restore(rk);
    expect(metadata.requests).toHaveLength(3);
    expect(api.requests.map(accessKeyOf)).toEqual(["TEMPAK0001", "TEMPAK0001", "TEMPAK0001", "TEMPAK0001", "TEMPAK0002"]);
  });

  it("with none held or an expired one, requests wait for the one read in flight", async () => {
    const clock = manualClock();
    const issuer = credentialIssuer(() => 60_000, clock.now);
    const metadata = await start(async (_r, res) => {
      await new Promise((w) => setTimeout(w, 150));
      issuer.answer(res);
    });
    const api = await start(temporaryKeyApi(issuer.issued, clock.now));
    const rk = client(metadata, api, { now: clock.now });
    await Promise.all(Array.from({ length: 20 }, () => restore(rk)));
    clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, () => restore(rk)));
    expect(metadata.requests).toHaveLength(2);
    expect(new Set(api.requests.slice(20).map(accessKeyOf))).toEqual(new Set(["TEMPAK0002"]));
  });

  it("a revoked key refused by 20 requests in flight costs one more read: only the refused credential is dropped", async () => {
    const issuer = credentialIssuer(() => 3600_000);
    const metadata = await start((_r, res) => issuer.answer(res));
    let revoked = "";
    const api = await start(async (r, res, n) => {
      await new Promise((w) => setTimeout(w, (n * 7) % 120));
      if (accessKeyOf(r) === revoked) return void res.writeHead(401).end('{"error_code":"APIGW.0301","error_msg":"revoked"}');
      res.writeHead(202).end();
    });
    const rk = client(metadata, api);
    await restore(rk);
    revoked = "TEMPAK0001";
    await Promise.all(Array.from({ length: 20 }, () => restore(rk)));
    expect(metadata.requests).toHaveLength(2);
    expect(api.requests.filter((r) => accessKeyOf(r) === "TEMPAK0002")).toHaveLength(20);
  });

  it("retries a failing metadata service within its short budget, then says what failed", async () => {
    const issuer = credentialIssuer(() => 3600_000);
    let failures = 2;
    const flaky = await start((_r, res) => (failures-- > 0 ? res.writeHead(503).end() : issuer.answer(res)));
    const api = await start(temporaryKeyApi(issuer.issued));
    await restore(client(flaky, api));
    expect(flaky.requests).toHaveLength(3);
    const broken = await start((_r, res) => res.writeHead(500).end("metadata agent crashed"));
    const started = Date.now();
    const error = await restore(client(broken, api)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).fate).toBe("not-sent");
    expect((error as Error).message).toMatch(/ECS metadata service at 127\.0\.0\.1:\d+ gave no credentials|answered HTTP 500/);
    expect(broken.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(3000);
    const noAgency = await start((_r, res) => res.writeHead(401).end("Please configure Cloud Service Agency first"));
    const refused = await restore(client(noAgency, api)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as Error).message).toMatch(/answered HTTP 401 \(Please configure Cloud Service Agency first\); is an agency attached to this ECS\?/);
    expect(noAgency.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(1);
  });

  it("a hanging metadata service costs no more than the call's timeout or signal, or the mode's own budget", async () => {
    const hanging = await start(() => undefined);
    const api = await start();
    let started = Date.now();
    const timedOut = await restore(client(hanging, api, { timeoutMs: 10_000 }, { timeoutMs: 300 })).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as TimeoutError).fate).toBe("not-sent");
    expect(Date.now() - started).toBeLessThan(1500);
    started = Date.now();
    const aborted = await restore(client(hanging, api, { timeoutMs: 10_000 }), { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1500);
    started = Date.now();
    const budget = await restore(client(hanging, api, { timeoutMs: 200, maxRetries: 1 })).catch((e: unknown) => e);
    expect(budget).toBeInstanceOf(AuthError);
    expect((budget as Error).message).toMatch(/gave no credentials: ecs-metadata\.securitykey: no answer within 200 ms \(attempt 2\)/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(api.requests).toHaveLength(0);
  });

  const garbage: readonly [string, string, RegExp][] = [
    ["not JSON", "<html>temp-SECRET-html</html>", /it is not JSON/],
    ["no credential", '{"credentials":{"secret":"temp-SECRET-misnamed"}}', /no credential object/],
    ["a list", '{"credential":["temp-SECRET-in-list"]}', /no credential object/],
    ["no secret", '{"credential":{"access":"AK1","securitytoken":"temp-SECRET-tok-only","expires_at":"2099-01-01T00:00:00Z"}}', /credential\.secret is missing/],
    ["no expiry", '{"credential":{"access":"AK1","secret":"temp-SECRET-sk-a","securitytoken":"t-1234"}}', /credential\.expires_at is missing/],
    ["a bad expiry", '{"credential":{"access":"AK1","secret":"temp-SECRET-sk-b","securitytoken":"t-1234","expires_at":"tomorrow"}}', /credential\.expires_at is not a date/],
    ["an access key that would break the header", '{"credential":{"access":"AK1, Signature=0","secret":"temp-SECRET-sk-c","securitytoken":"t-1234","expires_at":"2099-01-01T00:00:00Z"}}', /credential\.access is not an access key ID/],
    ["a security token with CRLF", '{"credential":{"access":"AK1","secret":"temp-SECRET-sk-d","securitytoken":"temp-SECRET-tok\\r\\nX-Injected: 1","expires_at":"2099-01-01T00:00:00Z"}}', /credential\.securitytoken cannot be sent as X-Security-Token: it must not contain CR, LF or NUL/],
    ["expired credentials", '{"credential":{"access":"AK1","secret":"temp-SECRET-sk-e","securitytoken":"t-1234","expires_at":"2001-01-01T00:00:00Z"}}', /have already expired/],
  ];
  for (const [what, body, message] of garbage) {
    it(`an answer with ${what} is an AuthError naming the member, showing no value, and nothing is sent`, async () => {
      const metadata = await start((_r, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(body));
      const api = await start();
      const error = await restore(client(metadata, api)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(message);
      for (const text of renderings(error)) expect(text).not.toMatch(/temp-SECRET/);
      expect(api.requests).toHaveLength(0);
    });
  }

  it("never follows a redirect, so the credentials come only from the configured address", async () => {
    const elsewhere = await start((_r, res) => credentialIssuer(() => 3600_000).answer(res));
    const metadata = await start((_r, res) => res.writeHead(302, { Location: `${elsewhere.url}/openstack/latest/securitykey` }).end());
    const api = await start();
    const error = await restore(client(metadata, api)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/answered HTTP 302 \(a redirect, which restorekit never follows\)/);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses at construction any base URL but http(s) to a link-local or loopback IP address, without echoing a password", () => {
    for (const ok of ["http://169.254.169.254", "http://169.254.0.1:8080/", "http://127.0.0.1:1", "https://127.8.9.10", "http://[::1]:8080", "http://[fe80::1]", "http://[febf::a]"]) {
      expect(() => ecsMetadataAuth({ baseUrl: ok }), ok).not.toThrow();
    }
    for (const bad of ["http://metadata.example.com", "http://localhost:8080", "http://10.0.0.1", "http://169.255.169.254", "https://169.254.169.254.attacker.example", "ftp://169.254.169.254", "http://[fec0::1]", "http://[2001:db8::1]", "http://169.254.169.254/?x=1", "not a url"]) {
      expect(() => ecsMetadataAuth({ baseUrl: bad }), bad).toThrow(EndpointError);
    }
    const withPassword = (() => {
      try {
        ecsMetadataAuth({ baseUrl: "http://admin:hunter2-SECRET@169.254.169.254" });
      } catch (e) {
        return e;
      }
    })();
    expect(withPassword).toBeInstanceOf(EndpointError);
    for (const text of renderings(withPassword)) expect(text).not.toContain("hunter2-SECRET");
    expect(() => ecsMetadataAuth({ timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => ecsMetadataAuth({ maxRetries: 1.5 })).toThrow(ValidationError);
  });

  it("the metadata service's secrets appear in no error, hook payload or debug line, even when the API echoes them", async () => {
    const issuer = credentialIssuer(() => 3600_000);
    const metadata = await start((_r, res) => issuer.answer(res));
    const api = await start((r, res) =>
      res
        .writeHead(400, { "Content-Type": "application/json", "X-Echo": String(r.headers["x-security-token"]) })
        .end(JSON.stringify({ error_code: "X.1", error_msg: `bad token ${String(r.headers["x-security-token"])} for ${issuer.issued[0]?.sk}` })),
    );
    const seen: string[] = [];
    const rk = client(metadata, api, {}, { onRequest: (e: unknown) => seen.push(JSON.stringify(e)), onResponse: (e: unknown) => seen.push(JSON.stringify(e)), debug: (line: string) => seen.push(line) });
    const error = await restore(rk).catch((e: unknown) => e);
    expect(seen.length).toBeGreaterThan(3);
    for (const text of [...renderings(error), ...seen]) for (const secret of secretsOf(issuer.issued)) expect(text).not.toContain(secret);
  });
});

describe("ecsMetadataAuth against the emulator's metadata service", () => {
  it("50 requests in flight while the temporary credentials expire cause exactly one refresh", async () => {
    const lines: { operation: string; status: number }[] = [];
    const emulator = await startEmulator({ port: 0, seed: 3, rateLimit: false, ecsMetadata: { ttlMs: 2000 }, log: (l) => lines.push(JSON.parse(l) as { operation: string; status: number }) });
    emulators.push(emulator);
    const rk = createRestoreClient({ projectId: emulator.credentials.projectId, auth: ecsMetadataAuth({ baseUrl: emulator.url }), endpoints: emulator.url });
    const read = () => rk.cbr.showBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b" });
    const started = Date.now();
    await read();
    // The emulator checks a key when a request is processed, 400 ms after it arrived: keys signed just before expiry are refused.
    emulator.faults.add({ route: "cbr.showBackup", fault: { kind: "latency", ms: 400 } });
    await new Promise((w) => setTimeout(w, 1700 - (Date.now() - started)));
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      calls.push(read());
      await new Promise((w) => setTimeout(w, 10));
    }
    await Promise.all(calls);
    expect(lines.filter((l) => l.operation === "ecs.securitykey")).toHaveLength(2);
    expect(lines.filter((l) => l.operation === "cbr.showBackup" && l.status === 200)).toHaveLength(51);
    // Some were signed with the first key and refused after it expired, then signed again with the second.
    expect(lines.filter((l) => l.operation === "cbr.showBackup" && l.status === 401).length).toBeGreaterThan(0);
  });
});
