import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultAuth } from "../../src/auth/index.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { AuthError, EndpointError, createRestoreClient } from "../../src/index.js";
import { type HostileHandler, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";
import { credentialIssuer } from "../support/temporary-credentials.js";

let emulator: Emulator;
const lines: { operation: string; status: number; auth: string }[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 13, ecsMetadata: true, log: (l) => lines.push(JSON.parse(l) as (typeof lines)[number]) });
});
afterAll(() => emulator.stop());
const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const backupId = "a5200268-74a5-4806-acc6-95793ab0228b";
const count = (operation: string) => lines.filter((l) => l.operation === operation).length;

/** A directory with a clouds.yaml holding cloud `dr` (the emulator's password login) and an empty secure.yaml. */
function cloudsDir(): string {
  const d = mkdtempSync(join(tmpdir(), "restorekit-default-"));
  const c = emulator.credentials;
  writeFileSync(join(d, "clouds.yaml"), `clouds:\n  dr:\n    region_name: eu-de\n    auth:\n      auth_url: ${emulator.url}/v3\n      username: ${c.user}\n      password: "${c.password}"\n      user_domain_name: ${c.domain}\n      project_id: ${c.projectId}\n`);
  writeFileSync(join(d, "secure.yaml"), "clouds: {}\n");
  return d;
}

describe("defaultAuth: the environment, then OS_CLOUD/clouds.yaml, then the ECS metadata service", () => {
  it("takes the environment first, even when OS_CLOUD is set and a metadata service answers", async () => {
    const c = emulator.credentials;
    const auth = await defaultAuth({ env: { HUAWEICLOUD_SDK_AK: c.ak, HUAWEICLOUD_SDK_SK: c.sk, HUAWEICLOUD_SDK_PROJECT_ID: c.projectId, OS_CLOUD: "dr" }, cloudsYaml: { searchPath: [cloudsDir()] }, ecsMetadata: { baseUrl: emulator.url } });
    expect(auth.source).toBe("environment");
    expect(auth.kind).toBe("aksk");
    expect(auth.hints?.projectId).toBe(c.projectId);
  });

  it("then the cloud OS_CLOUD names, whose project and region become the client's", async () => {
    const auth = await defaultAuth({ env: { OS_USERNAME: "only-half", OS_CLOUD: "dr" }, cloudsYaml: { searchPath: [cloudsDir()] }, ecsMetadata: { baseUrl: emulator.url } });
    expect(auth.source).toBe('clouds.yaml (cloud "dr")');
    expect(auth.hints).toEqual({ projectId: emulator.credentials.projectId, region: "eu-de" });
    const before = count("ecs.securitykey");
    await createRestoreClient({ auth, endpoints: emulator.url }).cbr.showBackup({ backupId });
    expect(count("ecs.securitykey")).toBe(before);
  });

  it("then the ECS metadata service, asked once when the first request needs credentials, and kept", async () => {
    const auth = await defaultAuth({ env: {}, ecsMetadata: { baseUrl: emulator.url } });
    expect(auth.source).toMatch(/^ECS metadata service \(127\.0\.0\.1:\d+\)$/);
    const before = count("ecs.securitykey");
    const rk = createRestoreClient({ projectId: emulator.credentials.projectId, auth, endpoints: emulator.url });
    await rk.cbr.showBackup({ backupId });
    await rk.cbr.showBackup({ backupId });
    expect(count("ecs.securitykey")).toBe(before + 1);
  });

  it("when no source has credentials, one AuthError says what was tried and why each gave none, quickly, without a value", async () => {
    const hanging = await start(() => undefined);
    const api = await start();
    const auth = await defaultAuth({ env: { OS_USERNAME: "op", OS_PASSWORD: "pw-SECRET-half-set", HOME: "/nonexistent" }, ecsMetadata: { baseUrl: hanging.url } });
    const started = Date.now();
    const error = await createRestoreClient({ projectId: "p1", auth, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).fate).toBe("not-sent");
    const message = (error as Error).message;
    expect(message).toMatch(/^defaultAuth: no credentials found\. Tried: 1\. environment: no complete set of credentials in the environment\. Found: OS_USERNAME, OS_PASSWORD\. /);
    expect(message).toMatch(/password \(OpenStack\): OS_USER_DOMAIN_NAME missing; 2\. clouds\.yaml: OS_CLOUD is not set; 3\. ECS metadata service: the ECS metadata service at 127\.0\.0\.1:\d+ gave no credentials: ecs-metadata\.securitykey: no answer within 1000 ms \(attempt 1\)/);
    for (const text of renderings(error)) expect(text).not.toContain("pw-SECRET-half-set");
    expect(hanging.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(0);
    const left = await defaultAuth({ env: {}, ecsMetadata: false }).catch((e: unknown) => e);
    expect((left as Error).message).toMatch(/3\. ECS metadata service: left out \(ecsMetadata: false\)\.$/);
    const disabled = await defaultAuth({ env: { RESTOREKIT_ECS_METADATA_DISABLED: "true" } }).catch((e: unknown) => e);
    expect((disabled as Error).message).toMatch(/3\. ECS metadata service: left out \(RESTOREKIT_ECS_METADATA_DISABLED\)\.$/);
  });

  it("a source that is there but broken ends the search with its error: it never goes on to other credentials", async () => {
    const metadata = await start((_r, res) => credentialIssuer(() => 3600_000).answer(res));
    const unsafe = await defaultAuth({ env: { OS_USERNAME: "op", OS_PASSWORD: "pw-1234", OS_USER_DOMAIN_NAME: "d", OS_AUTH_URL: "http://iam.example.com/v3", OS_CLOUD: "dr" }, cloudsYaml: { searchPath: [cloudsDir()] }, ecsMetadata: { baseUrl: metadata.url } }).catch((e: unknown) => e);
    expect(unsafe).toBeInstanceOf(EndpointError);
    const unknownCloud = await defaultAuth({ env: { OS_CLOUD: "prod" }, cloudsYaml: { searchPath: [cloudsDir()] }, ecsMetadata: { baseUrl: metadata.url } }).catch((e: unknown) => e);
    expect(unknownCloud).toBeInstanceOf(AuthError);
    expect((unknownCloud as Error).message).toMatch(/has no cloud "prod"; it has "dr"/);
    expect(metadata.requests).toHaveLength(0);
  });

  it("once the metadata service has given credentials, a later failure is its own, with the usual retry budget", async () => {
    let t = Date.UTC(2026, 10, 23, 10);
    const now = () => t;
    const issuer = credentialIssuer(() => 60_000, now);
    let broken = false;
    const metadata = await start((_r, res) => (broken ? res.writeHead(500).end() : issuer.answer(res)));
    const api = await start();
    const auth = await defaultAuth({ env: {}, ecsMetadata: { baseUrl: metadata.url, now } });
    const rk = createRestoreClient({ projectId: "p1", auth, endpoints: api.url, baseDelayMs: 1 });
    await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    broken = true;
    t += 61_000;
    const error = await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/^ecsMetadataAuth: the ECS metadata service at 127\.0\.0\.1:\d+ answered HTTP 500/);
    expect(metadata.requests).toHaveLength(1 + 3);
  });
});
