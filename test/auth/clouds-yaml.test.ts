import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cloudsYamlAuth } from "../../src/auth/index.js";
import { defaultSearchPath } from "../../src/auth/clouds-yaml-files.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { AuthError, EndpointError, createRestoreClient } from "../../src/index.js";
import { type HostileHandler, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";

let emulator: Emulator;
const lines: { operation: string; path: string; auth: string }[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 9, log: (l) => lines.push(JSON.parse(l) as (typeof lines)[number]) });
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

/** A fresh directory holding the given files. */
function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), "restorekit-clouds-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, ".."), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

/** Reads cloud `cloud` from `clouds.yaml` (and `secure.yaml`) in one directory, nowhere else. */
const fromDir = (d: string, cloud = "dr") => cloudsYamlAuth({ cloud, env: {}, searchPath: [d] });
const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const backupId = "a5200268-74a5-4806-acc6-95793ab0228b";

describe("cloudsYamlAuth: each way of writing credentials", () => {
  it("password: auth_url, username, password, user_domain_name, project_id and region_name; the project and region become the client's", async () => {
    const c = emulator.credentials;
    const d = dir({
      "clouds.yaml": `clouds:\n  dr:\n    region_name: eu-de\n    auth:\n      auth_url: ${emulator.url}/v3\n      username: ${c.user}\n      password: "${c.password}"\n      user_domain_name: ${c.domain}\n      project_id: ${c.projectId}\n`,
    });
    const auth = await fromDir(d);
    expect(auth.kind).toBe("iam");
    expect(auth.hints).toEqual({ projectId: c.projectId, region: "eu-de" });
    const rk = createRestoreClient({ cloud: "otc", auth, endpoints: emulator.url });
    await rk.cbr.showBackup({ backupId });
    expect(lines.slice(-2).map((l) => `${l.operation} ${l.auth}`)).toEqual(["iam.createToken none", "cbr.showBackup token"]);
    expect(lines.at(-1)?.path).toBe(`/v3/${c.projectId}/backups/${backupId}`);
    // The region from the file picks the endpoints, as OS_REGION_NAME does.
    const urls: string[] = [];
    const recording: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(null, { status: 202 });
    };
    const viaRegion = createRestoreClient({ cloud: "otc", auth: await cloudsYamlAuth({ cloud: "dr", env: {}, searchPath: [dir({ "clouds.yaml": "clouds:\n  dr:\n    region_name: eu-nl\n    project_id: p-from-file\n    ak: AKFILE\n    sk: sk-file-1234\n" })] }), fetch: recording });
    await viaRegion.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    expect(urls).toEqual(["https://cbr.eu-nl.otc.t-systems.com/v3/p-from-file/backups/b1/restore"]);
  });

  it("password with domain_name and project_name: the login is scoped by the project's name", async () => {
    let login: unknown;
    const iam = await start((r, res) => {
      login = JSON.parse(r.body);
      res.writeHead(201, { "X-Subject-Token": "tok-1234", "Content-Type": "application/json" }).end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3600_000).toISOString() } }));
    });
    const api = await start();
    const d = dir({ "clouds.yaml": `clouds:\n  dr:\n    auth:\n      auth_url: ${iam.url}/v3/\n      username: op\n      password: pw-1234\n      domain_name: OTC00000000001000000xxx\n      project_name: eu-de_dr\n` });
    const auth = await fromDir(d);
    await createRestoreClient({ projectId: "p1", auth, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    expect(login).toEqual({ auth: { identity: { methods: ["password"], password: { user: { name: "op", password: "pw-1234", domain: { name: "OTC00000000001000000xxx" } } } }, scope: { project: { name: "eu-de_dr" } } } });
    expect(api.requests[0]?.headers["x-auth-token"]).toBe("tok-1234");
  });

  it("the password in secure.yaml, merged over clouds.yaml (secure.yaml wins), found anywhere on the search path", async () => {
    const c = emulator.credentials;
    const clouds = dir({ "clouds.yml": `clouds:\n  dr:\n    auth:\n      auth_url: ${emulator.url}/v3\n      username: ${c.user}\n      password: not-this-one\n      user_domain_name: ${c.domain}\n      project_id: ${c.projectId}\n` });
    const secure = dir({ "secure.yaml": `clouds:\n  dr:\n    auth:\n      password: "${c.password}"\n` });
    const auth = await cloudsYamlAuth({ cloud: "dr", env: {}, searchPath: [clouds, secure] });
    await createRestoreClient({ auth, endpoints: emulator.url }).cbr.showBackup({ backupId });
  });

  it("a token: auth.token, or auth_type: v3token", async () => {
    const api = await start();
    for (const text of ["clouds:\n  dr:\n    auth:\n      token: tok-from-file-1\n      project_id: p1\n", "clouds:\n  dr:\n    auth_type: v3token\n    auth:\n      token: tok-from-file-2\n      project_id: p1\n      username: ignored\n      password: ignored\n"]) {
      const auth = await fromDir(dir({ "clouds.yaml": text }));
      expect(auth.kind).toBe("token");
      await createRestoreClient({ auth, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    }
    expect(api.requests.map((r) => r.headers["x-auth-token"])).toEqual(["tok-from-file-1", "tok-from-file-2"]);
    expect(api.requests.map((r) => r.rawUrl.split("/")[2])).toEqual(["p1", "p1"]);
  });

  it("AK/SK as Open Telekom Cloud's extensions read it: ak and sk (or access_key and secret_key), security_token for temporary keys; it comes before a password unless auth_type says otherwise", async () => {
    const c = emulator.credentials;
    const signedWith = async (text: string) => {
      const auth = await fromDir(dir({ "clouds.yaml": text }));
      await createRestoreClient({ projectId: c.projectId, auth, endpoints: emulator.url }).cbr.showBackup({ backupId });
      return `${auth.kind} ${lines.at(-1)?.auth}`;
    };
    const password = `    auth:\n      auth_url: ${emulator.url}/v3\n      username: ${c.user}\n      password: "${c.password}"\n      user_domain_name: ${c.domain}\n`;
    expect(await signedWith(`clouds:\n  dr:\n    ak: ${c.ak}\n    sk: ${c.sk}\n${password}`)).toBe("aksk aksk");
    expect(await signedWith(`clouds:\n  dr:\n    access_key: ${c.ak}\n    secret_key: ${c.sk}\n`)).toBe("aksk aksk");
    expect(await signedWith(`clouds:\n  dr:\n    auth_type: password\n    ak: ${c.ak}\n    sk: ${c.sk}\n${password}`)).toBe("iam token");
    const api = await start();
    const temporary = await fromDir(dir({ "clouds.yaml": "clouds:\n  dr:\n    ak: TMPAK1\n    sk: tmp-sk-1234\n    security_token: tmp-security-token-1234\n" }));
    await createRestoreClient({ projectId: "p1", auth: temporary, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    expect(api.requests[0]?.headers["x-security-token"]).toBe("tmp-security-token-1234");
    expect(String(api.requests[0]?.headers.authorization)).toMatch(/Access=TMPAK1, SignedHeaders=[^,]*x-security-token/);
  });

  it("finds clouds.yaml in the first directory of the search path that has one; OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE override it; OS_CLOUD names the cloud", async () => {
    const first = dir({ "clouds.yaml": "clouds:\n  dr:\n    auth:\n      token: tok-first\n" });
    const second = dir({ "clouds.yaml": "clouds:\n  dr:\n    auth:\n      token: tok-second\n", "secure.yaml": "clouds:\n  other:\n    auth:\n      token: tok-secure-other\n" });
    const empty = dir();
    const tokenOf = async (auth: Awaited<ReturnType<typeof cloudsYamlAuth>>) => {
      const api = await start();
      await createRestoreClient({ projectId: "p1", auth, endpoints: api.url }).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
      return api.requests[0]?.headers["x-auth-token"];
    };
    expect(await tokenOf(await cloudsYamlAuth({ env: { OS_CLOUD: "dr" }, searchPath: [empty, first, second] }))).toBe("tok-first");
    expect(await tokenOf(await cloudsYamlAuth({ env: { OS_CLOUD: "dr" }, searchPath: [empty, second, first] }))).toBe("tok-second");
    const elsewhere = join(dir({ "config/my-clouds.yaml": "clouds:\n  other:\n    auth:\n      token: tok-override\n" }), "config/my-clouds.yaml");
    expect(await tokenOf(await cloudsYamlAuth({ env: { OS_CLOUD: "other", OS_CLIENT_CONFIG_FILE: elsewhere }, searchPath: [first] }))).toBe("tok-override");
    const secureElsewhere = join(dir({ "s.yaml": "clouds:\n  other:\n    auth:\n      token: tok-from-secure-file\n" }), "s.yaml");
    expect(await tokenOf(await cloudsYamlAuth({ env: { OS_CLOUD: "other", OS_CLIENT_CONFIG_FILE: elsewhere, OS_CLIENT_SECURE_FILE: secureElsewhere }, searchPath: [] }))).toBe("tok-from-secure-file");
  });

  it("by default searches the current directory, $XDG_CONFIG_HOME (or ~/.config)/openstack, then /etc/openstack", async () => {
    expect(await defaultSearchPath({ HOME: "/home/op" })).toEqual([process.cwd(), "/home/op/.config/openstack", "/etc/openstack"]);
    expect(await defaultSearchPath({ HOME: "/home/op", XDG_CONFIG_HOME: "/cfg" })).toEqual([process.cwd(), "/cfg/openstack", "/etc/openstack"]);
  });
});

describe("cloudsYamlAuth: every error names the file, the cloud and the key, and never a value", () => {
  const cases: readonly [string, Record<string, string>, RegExp, string?][] = [
    ["a cloud that is not there", { "clouds.yaml": "clouds:\n  prod:\n    auth:\n      token: tok-SECRET-prod\n  staging: {}\n" }, /clouds\.yaml has no cloud "dr"; it has "prod", "staging"/],
    ["a password that is missing", { "clouds.yaml": "clouds:\n  dr:\n    auth:\n      username: op\n      user_domain_name: d\n" }, /clouds\.yaml, cloud "dr": password auth needs auth\.password, which is missing \(it may belong in secure\.yaml\)/],
    ["no domain", { "clouds.yaml": "clouds:\n  dr:\n    auth:\n      username: op\n      password: pw-SECRET-nodomain\n      user_domain_id: 0a1b\n" }, /needs auth\.user_domain_name \(or auth\.domain_name\), which is missing/, "pw-SECRET-nodomain"],
    ["no credentials at all", { "clouds.yaml": "clouds:\n  dr:\n    region_name: eu-de\n" }, /cloud "dr": has no credentials: no ak\/sk, no auth\.token, no auth\.username and auth\.password/],
    ["an ak without its sk", { "clouds.yaml": "clouds:\n  dr:\n    ak: AKSECRETLESS\n" }, /AK\/SK needs both ak and sk; sk is missing/],
    ["a password written as a YAML number", { "clouds.yaml": "clouds:\n  dr:\n    auth:\n      username: op\n      password: 987654321012\n      user_domain_name: d\n" }, /auth\.password must be a string \(quote it in YAML\)/, "987654321012"],
    ["YAML that does not parse, on the password's line", { "clouds.yaml": 'clouds:\n  dr:\n    auth:\n      password: "pw-SECRET-broken\n      username: op\n' }, /clouds\.yaml is not valid YAML \([A-Z_]+ at line \d+, column \d+\)/, "pw-SECRET-broken"],
    ["a key given twice", { "clouds.yaml": "clouds:\n  dr:\n    auth:\n      password: pw-SECRET-one\n      password: pw-SECRET-two\n" }, /not valid YAML \(DUPLICATE_KEY at line 5/, "pw-SECRET-two"],
    ["an auth_type restorekit does not read", { "clouds.yaml": "clouds:\n  dr:\n    auth_type: v3applicationcredential\n    auth:\n      application_credential_secret: app-SECRET-1234\n" }, /auth_type "v3applicationcredential" is not supported/, "app-SECRET-1234"],
    ["a token auth_type without a token", { "clouds.yaml": "clouds:\n  dr:\n    auth_type: token\n    auth:\n      project_id: p\n" }, /auth_type token needs auth\.token, which is missing/],
    ["auth that is not a mapping", { "clouds.yaml": "clouds:\n  dr:\n    auth: tok-SECRET-inline\n" }, /cloud "dr": auth is not a mapping/, "tok-SECRET-inline"],
    ["a file that is a list", { "clouds.yaml": "- pw-SECRET-list\n" }, /clouds\.yaml has no clouds: mapping at its top level/, "pw-SECRET-list"],
    ["an alias bomb", { "clouds.yaml": `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [${Array(10).fill("*a").join(",")}]\nc: &c [${Array(10).fill("*b").join(",")}]\nd: &d [${Array(10).fill("*c").join(",")}]\nclouds: {}\n` }, /uses too many YAML aliases/],
    ["a file larger than 1 MiB", { "clouds.yaml": `clouds: {}\n#${"x".repeat(1 << 20)}\n` }, /clouds\.yaml is larger than 1 MiB/],
  ];
  for (const [what, files, message, secret] of cases) {
    it(`${what}`, async () => {
      const d = dir(files);
      const error = await failure(fromDir(d));
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain(d);
      if (secret) for (const text of renderings(error)) expect(text).not.toContain(secret);
    });
  }

  it("an auth_url that is not https (nor loopback) is an EndpointError naming the file, the cloud and auth.auth_url", async () => {
    const d = dir({ "clouds.yaml": "clouds:\n  dr:\n    auth:\n      auth_url: http://iam.example.com/v3\n      username: op\n      password: pw-SECRET-http\n      domain_name: d\n" });
    const error = await failure(fromDir(d));
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as Error).message).toMatch(/clouds\.yaml, cloud "dr": auth\.auth_url: endpoint for iam must use https/);
    const withUserinfo = await failure(fromDir(dir({ "clouds.yaml": "clouds:\n  dr:\n    auth:\n      auth_url: https://op:pw-SECRET-userinfo@iam.example.com/v3\n      username: op\n      password: pw-1234\n      domain_name: d\n" })));
    expect(withUserinfo).toBeInstanceOf(EndpointError);
    for (const text of renderings(withUserinfo)) expect(text).not.toContain("pw-SECRET-userinfo");
  });

  it("no cloud named, no file found, and an override that names no file", async () => {
    expect(await failure(cloudsYamlAuth({ env: {}, searchPath: [dir()] }))).toMatchObject({ name: "AuthError", message: expect.stringMatching(/no cloud named: pass \{ cloud \} or set OS_CLOUD/) });
    const empty = dir();
    expect((await failure(cloudsYamlAuth({ env: { OS_CLOUD: "dr" }, searchPath: [empty] })) as Error).message).toMatch(new RegExp(`no clouds\\.yaml in ${empty}`));
    expect((await failure(cloudsYamlAuth({ env: { OS_CLOUD: "dr", OS_CLIENT_CONFIG_FILE: join(empty, "nope.yaml") } })) as Error).message).toMatch(/OS_CLIENT_CONFIG_FILE names .*nope\.yaml, which is not a readable file/);
  });
});
