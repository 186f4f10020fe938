import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, sampleFixtures, startEmulator } from "../../src/emulator/index.js";
import { isLoopbackAddress } from "../../src/emulator/metadata.js";
import { UnauthorizedError, akskAuth, createRestoreClient } from "../../src/index.js";

const emulators: Emulator[] = [];
const start = async (options: EmulatorOptions = {}) => {
  const e = await startEmulator({ port: 0, seed: 11, fixtures: { ...sampleFixtures, agencies: [{ domainName: "recovered-account", domainId: "0a1b2c", agencyName: "dr-restore" }] }, ...options });
  emulators.push(e);
  return e;
};
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.stop()));
});

const backupId = "a5200268-74a5-4806-acc6-95793ab0228b";

async function login(e: Emulator): Promise<string> {
  const { user, password, domain, projectId } = e.credentials;
  const res = await fetch(`${e.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: user, password, domain: { name: domain } } } }, scope: { project: { id: projectId } } } }),
  });
  return res.headers.get("X-Subject-Token") ?? "";
}

const assume = (e: Emulator, token: string, assumeRole: object) =>
  fetch(`${e.url}/v3.0/OS-CREDENTIAL/securitytokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json;charset=utf8", "X-Auth-Token": token },
    body: JSON.stringify({ auth: { identity: { methods: ["assume_role"], assume_role: assumeRole } } }),
  });

interface Credential {
  credential: { access: string; secret: string; securitytoken: string; expires_at: string };
}

describe("the emulator's temporary access keys", () => {
  it("issues an agency's key (201) that signs requests with its security token, and refuses it unsigned, with another token, or expired", async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const e = await start({ clock });
    const res = await assume(e, await login(e), { domain_name: "recovered-account", agency_name: "dr-restore", duration_seconds: 900 });
    expect(res.status).toBe(201);
    expect(res.headers.get("X-Request-Id")).toBeTruthy();
    const { credential } = (await res.json()) as Credential;
    expect(Date.parse(credential.expires_at) - clock()).toBeGreaterThan(899_000);
    const read = (auth: ReturnType<typeof akskAuth>) => createRestoreClient({ projectId: e.credentials.projectId, auth, endpoints: e.url }).cbr.showBackup({ backupId });
    const now = () => new Date(clock());
    await read(akskAuth({ ak: credential.access, sk: credential.secret, securityToken: credential.securitytoken, now }));
    for (const [auth, reason] of [
      [akskAuth({ ak: credential.access, sk: credential.secret, now }), /needs X-Security-Token/],
      [akskAuth({ ak: credential.access, sk: credential.secret, securityToken: "someone-elses-token", now }), /security token does not belong/],
    ] as const) {
      const error = await read(auth).catch((x: unknown) => x);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).message).toMatch(reason);
    }
    offset = 901_000;
    const expired = await read(akskAuth({ ak: credential.access, sk: credential.secret, securityToken: credential.securitytoken, now })).catch((x: unknown) => x);
    expect(expired).toBeInstanceOf(UnauthorizedError);
    expect((expired as Error).message).toMatch(/temporary access key has expired/);
  });

  it("names the account by domain_id too; refuses an agency it does not have (403), a body against the spec (400) and an expired base token (401)", async () => {
    let offset = 0;
    const e = await start({ clock: () => Date.now() + offset });
    const token = await login(e);
    expect((await assume(e, token, { domain_id: "0a1b2c", agency_name: "dr-restore" })).status).toBe(201);
    const unknown = await assume(e, token, { domain_name: "recovered-account", agency_name: "someone-else" });
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/no such agency/);
    expect((await assume(e, token, { domain_id: "wrong", agency_name: "dr-restore" })).status).toBe(403);
    expect((await assume(e, token, { agency_name: "dr-restore" })).status).toBe(400);
    expect((await assume(e, token, { domain_name: "recovered-account", agency_name: "dr-restore", duration_seconds: 86_401 })).status).toBe(400);
    offset = 25 * 3600_000;
    const expired = await assume(e, token, { domain_name: "recovered-account", agency_name: "dr-restore" });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/token has expired/);
  });

  it("reads agencies from a fixtures file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "restorekit-fixtures-"));
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify({ ...sampleFixtures, agencies: [{ domainName: "from-file", agencyName: "file-agency" }] }));
    const e = await start({ fixtures: file });
    expect(e.state.agencies).toEqual([{ domainName: "from-file", agencyName: "file-agency" }]);
    expect((await assume(e, await login(e), { domain_name: "from-file", agency_name: "file-agency" })).status).toBe(201);
  });
});

describe("the emulator's ECS metadata service (opt-in, loopback only)", () => {
  it("is off by default", async () => {
    const e = await start();
    expect((await fetch(`${e.url}/openstack/latest/securitykey`)).status).toBe(404);
  });

  it("serves credentials the emulator accepts, the same ones until a quarter of their lifetime is left, then new ones", async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const e = await start({ clock, ecsMetadata: { ttlMs: 60_000 } });
    const get = async () => ((await (await fetch(`${e.url}/openstack/latest/securitykey`)).json()) as Credential).credential;
    const first = await get();
    offset = 30_000;
    expect((await get()).access).toBe(first.access);
    offset = 46_000;
    const second = await get();
    expect(second.access).not.toBe(first.access);
    const now = () => new Date(clock());
    await createRestoreClient({ projectId: e.credentials.projectId, auth: akskAuth({ ak: second.access, sk: second.secret, securityToken: second.securitytoken, now }), endpoints: e.url }).cbr.showBackup({ backupId });
    expect((await fetch(`${e.url}/openstack/latest/securitykey`, { method: "POST" })).status).toBe(405);
  });

  it("refuses to start on an address other machines reach, and answers only this machine", async () => {
    await expect(startEmulator({ port: 0, host: "0.0.0.0", ecsMetadata: true })).rejects.toThrow(/needs a loopback host/);
    await expect(startEmulator({ port: 0, ecsMetadata: { ttlMs: 10 } })).rejects.toThrow(/ttlMs must be at least 1000/);
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("::1")).toBe(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("10.1.2.3")).toBe(false);
    expect(isLoopbackAddress("::ffff:10.1.2.3")).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});
