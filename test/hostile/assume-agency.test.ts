import { afterEach, describe, expect, it } from "vitest";
import { assumeAgencyAuth, ecsMetadataAuth } from "../../src/auth/index.js";
import { type Emulator, sampleFixtures, startEmulator } from "../../src/emulator/index.js";
import { type Auth, AuthError, EndpointError, ValidationError, akskAuth, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
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

interface LogLine {
  readonly operation: string;
  readonly status: number;
  readonly auth: string;
}

/** An emulator with one agency, its log, and a clock tests can move forward. */
async function emulatorWithAgency(options: { ecsMetadata?: boolean } = {}) {
  const lines: LogLine[] = [];
  let offset = 0;
  const clock = () => Date.now() + offset;
  const emulator = await startEmulator({
    port: 0,
    seed: 5,
    clock,
    fixtures: { ...sampleFixtures, agencies: [{ domainName: "recovered-account", agencyName: "dr-restore" }] },
    log: (l) => lines.push(JSON.parse(l) as LogLine),
    ...(options.ecsMetadata ? { ecsMetadata: true } : {}),
  });
  emulators.push(emulator);
  return { emulator, lines, clock, advance: (ms: number) => void (offset += ms), count: (operation: string, status?: number) => lines.filter((l) => l.operation === operation && (status === undefined || l.status === status)).length };
}

/** A token from the emulator's IAM, by a password login. */
async function loginToken(e: Emulator): Promise<string> {
  const c = e.credentials;
  const login = await fetch(`${e.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } } }),
  });
  return String(login.headers.get("X-Subject-Token"));
}

const backupId = "a5200268-74a5-4806-acc6-95793ab0228b";
const read = (auth: Auth, e: Emulator) => createRestoreClient({ projectId: e.credentials.projectId, auth, endpoints: e.url }).cbr.showBackup({ backupId });
const agency = { domainName: "recovered-account", agencyName: "dr-restore" };

describe("assumeAgencyAuth against the emulator's IAM", () => {
  it("acts as the agency with any base: an IAM login, a token, an AK/SK (signed exchange), the ECS metadata service", async () => {
    const { emulator: e, lines, count } = await emulatorWithAgency({ ecsMetadata: true });
    const c = e.credentials;
    const bases: Auth[] = [
      iamAuth({ username: c.user, password: c.password, domain: c.domain }),
      tokenAuth(await loginToken(e)),
      akskAuth({ ak: c.ak, sk: c.sk }),
      ecsMetadataAuth({ baseUrl: e.url }),
    ];
    for (const base of bases) await read(assumeAgencyAuth({ base, ...agency, durationSeconds: 3600 }), e);
    expect(lines.filter((l) => l.operation === "iam.createTemporaryAccessKeyByAgency").map((l) => `${l.status} ${l.auth}`)).toEqual(["201 token", "201 token", "201 aksk", "201 aksk"]);
    expect(count("cbr.showBackup", 200)).toBe(4);
  });

  it("an expired base token: a fixed token is refused with an AuthError naming the 401; an IAM login is replaced once and the exchange succeeds", async () => {
    const { emulator: e, clock, advance, count } = await emulatorWithAgency();
    const c = e.credentials;
    const fixed = tokenAuth(await loginToken(e));
    // iamAuth keeps the real clock: it still believes its token valid when the emulator's clock says otherwise.
    const viaLogin = assumeAgencyAuth({ base: iamAuth({ username: c.user, password: c.password, domain: c.domain }), ...agency, now: clock });
    await read(viaLogin, e);
    expect(count("iam.createToken")).toBe(2);
    advance(25 * 3600_000);
    const error = await read(assumeAgencyAuth({ base: fixed, ...agency, now: clock }), e).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).fate).toBe("not-sent");
    expect((error as Error).message).toMatch(/IAM refused the base credentials \(token\): HTTP 401 .*token has expired/);
    await read(viaLogin, e);
    expect(count("iam.createToken")).toBe(3);
    expect(count("iam.createTemporaryAccessKeyByAgency", 401)).toBe(2);
    expect(count("iam.createTemporaryAccessKeyByAgency", 201)).toBe(2);
  });

  it("replaces the temporary key before it expires, with one exchange, and refuses an agency the account does not have", async () => {
    const { emulator: e, clock, advance, count } = await emulatorWithAgency();
    const auth = assumeAgencyAuth({ base: akskAuth({ ak: e.credentials.ak, sk: e.credentials.sk, now: () => new Date(clock()) }), ...agency, durationSeconds: 900, now: clock });
    await read(auth, e);
    advance(850_000);
    await Promise.all(Array.from({ length: 10 }, () => read(auth, e)));
    await new Promise((w) => setTimeout(w, 100));
    await read(auth, e);
    expect(count("iam.createTemporaryAccessKeyByAgency", 201)).toBe(2);
    const stranger = await read(assumeAgencyAuth({ base: akskAuth({ ak: e.credentials.ak, sk: e.credentials.sk, now: () => new Date(clock()) }), domainName: "recovered-account", agencyName: "not-there", now: clock }), e).catch((x: unknown) => x);
    expect(stranger).toBeInstanceOf(AuthError);
    expect((stranger as Error).message).toMatch(/agency not-there of recovered-account\): the base credentials \(aksk\) may not act as this agency: HTTP 403/);
  });
});

describe("assumeAgencyAuth against a hostile IAM", () => {
  it("sends the documented request: assume_role with the agency, the account and the duration, to /v3.0/OS-CREDENTIAL/securitytokens, as the base", async () => {
    const issuer = credentialIssuer(() => 3600_000);
    const iam = await start((_r, res) => issuer.answer(res, undefined, 201));
    const api = await start(temporaryKeyApi(issuer.issued));
    const auth = assumeAgencyAuth({ base: tokenAuth("base-token-1234"), domainId: "0a1b2c", agencyName: "dr-restore", durationSeconds: 3600, endpoint: iam.url });
    await createRestoreClient({ projectId: "p1", auth, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    const r = iam.requests[0];
    expect(`${r?.method} ${r?.rawUrl}`).toBe("POST /v3.0/OS-CREDENTIAL/securitytokens");
    expect(r?.headers["content-type"]).toBe("application/json;charset=utf8");
    expect(r?.headers["x-auth-token"]).toBe("base-token-1234");
    expect(JSON.parse(r?.body ?? "")).toEqual({ auth: { identity: { methods: ["assume_role"], assume_role: { agency_name: "dr-restore", domain_id: "0a1b2c", duration_seconds: 3600 } } } });
    expect(api.requests.map(accessKeyOf)).toEqual(["TEMPAK0001"]);
  });

  it("50 requests in flight while the temporary key expires cause exactly one more exchange", async () => {
    const issuer = credentialIssuer(() => 1500);
    const iam = await start((_r, res) => issuer.answer(res, undefined, 201));
    // The API checks the key when it answers, 300 ms after the request arrived.
    const api = await start(temporaryKeyApi(issuer.issued, Date.now, () => 300));
    const rk = createRestoreClient({ projectId: "p1", auth: assumeAgencyAuth({ base: tokenAuth("base-token-1234"), ...agency, endpoint: iam.url }), endpoints: api.url });
    const read50 = () => rk.cbr.restoreBackup({ backupId, restore: { volume_id: "v1" } });
    const started = Date.now();
    await read50();
    await new Promise((w) => setTimeout(w, 1250 - (Date.now() - started)));
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 50; i++) {
      calls.push(read50());
      await new Promise((w) => setTimeout(w, 10));
    }
    await Promise.all(calls);
    expect(iam.requests).toHaveLength(2);
    // Requests signed with the first key just before it expired were refused, then signed again with the second.
    expect(api.requests.length).toBeGreaterThan(51);
    expect(api.requests.filter((r) => accessKeyOf(r) === "TEMPAK0001").length).toBeGreaterThan(1);
    expect(api.requests.filter((r) => accessKeyOf(r) === "TEMPAK0002").length).toBeGreaterThan(1);
  });

  it("a nonsense answer, a 500 and a redirect are AuthErrors that say what IAM did, and no redirect is followed", async () => {
    const api = await start();
    const use = (iam: HostileServer) =>
      createRestoreClient({ projectId: "p1", auth: assumeAgencyAuth({ base: tokenAuth("base-token-1234"), ...agency, endpoint: iam.url }), endpoints: api.url, maxRetries: 0 }).cbr.restoreBackup({ backupId, restore: { volume_id: "v1" } }).catch((x: unknown) => x);
    const nonsense = await use(await start((_r, res) => res.writeHead(201).end('{"credential":{"access":"AK1","secret":"temp-SECRET-sk"}}')));
    expect(nonsense).toBeInstanceOf(AuthError);
    expect((nonsense as Error).message).toMatch(/assumeAgencyAuth \(agency dr-restore of recovered-account\): IAM: the answer is not usable: credential\.securitytoken is missing/);
    for (const text of renderings(nonsense)) expect(text).not.toContain("temp-SECRET-sk");
    const failing = await use(await start((_r, res) => res.writeHead(500, { "Content-Type": "application/json" }).end('{"error":{"code":"IAM.0001","message":"internal"}}')));
    expect((failing as Error).message).toMatch(/IAM refused the exchange with HTTP 500 \(IAM\.0001: internal\)/);
    const elsewhere = await start((_r, res) => credentialIssuer(() => 3600_000).answer(res, undefined, 201));
    const redirected = await use(await start((_r, res) => res.writeHead(307, { Location: `${elsewhere.url}/v3.0/OS-CREDENTIAL/securitytokens` }).end()));
    expect((redirected as Error).message).toMatch(/HTTP 307 \(a redirect, which restorekit never follows\)/);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });

  it("a hanging IAM costs a request no more than its own timeout or signal, and nothing is sent", async () => {
    const iam = await start(() => undefined);
    const api = await start();
    const rk = createRestoreClient({ projectId: "p1", auth: assumeAgencyAuth({ base: tokenAuth("base-token-1234"), ...agency, endpoint: iam.url }), endpoints: api.url, timeoutMs: 300 });
    const restore = (options = {}) => rk.cbr.restoreBackup({ backupId, restore: { volume_id: "v1" } }, options).catch((x: unknown) => x);
    let started = Date.now();
    const timedOut = await restore();
    expect(timedOut).toMatchObject({ name: "TimeoutError", fate: "not-sent" });
    expect(Date.now() - started).toBeLessThan(1500);
    started = Date.now();
    const aborted = await restore({ timeoutMs: 60_000, signal: AbortSignal.timeout(200) });
    expect(aborted).toMatchObject({ name: "AbortedError" });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses bad options by name: the duration's range, the agency, the account, the endpoint", () => {
    const base = tokenAuth("base-token-1234");
    for (const durationSeconds of [899, 86_401, 1800.5]) {
      const error = (() => {
        try {
          assumeAgencyAuth({ base, ...agency, durationSeconds });
        } catch (x) {
          return x;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ path: "durationSeconds", rule: "range" });
    }
    expect(() => assumeAgencyAuth({ base, domainName: "d", agencyName: "" })).toThrow(/agencyName is empty/);
    expect(() => assumeAgencyAuth({ base, agencyName: "a" })).toThrow(/domainName or domainId/);
    expect(() => assumeAgencyAuth({ base: undefined as unknown as Auth, ...agency })).toThrow(/base must be an auth mode/);
    expect(() => assumeAgencyAuth({ base, ...agency, endpoint: "http://iam.example.com" })).toThrow(EndpointError);
  });
});
