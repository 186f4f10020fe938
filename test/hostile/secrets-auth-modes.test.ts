import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assumeAgencyAuth, cloudsYamlAuth, defaultAuth, ecsMetadataAuth } from "../../src/auth/index.js";
import { type Auth, RestoreKitError, createRestoreClient, iamAuth } from "../../src/index.js";
import { Redactor } from "../../src/redaction.js";
import { type HostileHandler, type HostileRequest, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";
import { credentialIssuer } from "../support/temporary-credentials.js";

const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Everything a request carried that could be a credential, and anything else the test says is one. */
const credentialsIn = (r: HostileRequest) => [String(r.headers["x-auth-token"] ?? ""), String(r.headers["x-security-token"] ?? ""), /Signature=([0-9a-f]+)/.exec(String(r.headers.authorization ?? ""))?.[1] ?? ""].filter((s) => s.length > 8);

/** An API that echoes every credential it was sent (and `extra()`) in its error body and in a response header. */
const echoingApi = (extra: () => readonly string[]): HostileHandler => (r, res) => {
  const echoed = [...credentialsIn(r), ...extra()];
  res.writeHead(400, { "Content-Type": "application/json", "X-Debug-Echo": echoed.join(" ") }).end(JSON.stringify({ error_code: "X.400", error_msg: `refused ${echoed.join(" and ")}` }));
};

/** One auth mode under test: how to build it (once its servers run) and which secrets it must never show. */
interface ModeUnderTest {
  readonly name: string;
  readonly build: (secrets: string[]) => Promise<Auth>;
}

function cloudsFile(text: string): string[] {
  const d = mkdtempSync(join(tmpdir(), "restorekit-secrets-"));
  writeFileSync(join(d, "clouds.yaml"), text);
  return [d];
}

const loginTokens = (issued: string[]): HostileHandler => (_r, res) => {
  const token = `login-SECRET-token-${issued.length + 1}-${"t".repeat(24)}`;
  issued.push(token);
  res.writeHead(201, { "X-Subject-Token": token, "Content-Type": "application/json" }).end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3600_000).toISOString() } }));
};

const modes: readonly ModeUnderTest[] = [
  {
    name: "ecsMetadataAuth",
    build: async (secrets) => {
      const issuer = credentialIssuer(() => 3600_000);
      const metadata = await start((_r, res) => {
        const c = issuer.issue();
        secrets.push(c.sk, c.securityToken);
        issuer.answer(res, c);
      });
      return ecsMetadataAuth({ baseUrl: metadata.url });
    },
  },
  {
    name: "assumeAgencyAuth with an IAM password login as its base",
    build: async (secrets) => {
      const password = "pw-SECRET-base-password";
      secrets.push(password);
      const tokens: string[] = [];
      const issuer = credentialIssuer(() => 3600_000);
      const iam = await start((r, res) => {
        if (r.rawUrl === "/v3/auth/tokens") {
          loginTokens(tokens)(r, res, 0);
          secrets.push(...tokens);
          return;
        }
        const c = issuer.issue();
        secrets.push(c.sk, c.securityToken);
        issuer.answer(res, c, 201);
      });
      return assumeAgencyAuth({ base: iamAuth({ username: "op", password, domain: "d", endpoint: iam.url }), domainName: "acct", agencyName: "dr", endpoint: iam.url });
    },
  },
  {
    name: "cloudsYamlAuth with a password",
    build: async (secrets) => {
      const password = "pw-SECRET-from-clouds-yaml";
      secrets.push(password);
      const tokens: string[] = [];
      const iam = await start((r, res) => {
        loginTokens(tokens)(r, res, 0);
        secrets.push(...tokens);
      });
      return cloudsYamlAuth({ cloud: "dr", env: {}, searchPath: cloudsFile(`clouds:\n  dr:\n    auth:\n      auth_url: ${iam.url}/v3\n      username: op\n      password: ${password}\n      user_domain_name: d\n`) });
    },
  },
  {
    name: "cloudsYamlAuth with AK/SK and a security token",
    build: async (secrets) => {
      secrets.push("sk-SECRET-from-clouds-yaml", "security-SECRET-token-from-clouds-yaml");
      return cloudsYamlAuth({ cloud: "dr", env: {}, searchPath: cloudsFile("clouds:\n  dr:\n    ak: FILEAK\n    sk: sk-SECRET-from-clouds-yaml\n    security_token: security-SECRET-token-from-clouds-yaml\n") });
    },
  },
  {
    name: "cloudsYamlAuth with a token",
    build: async (secrets) => {
      secrets.push("tok-SECRET-from-clouds-yaml");
      return cloudsYamlAuth({ cloud: "dr", env: {}, searchPath: cloudsFile("clouds:\n  dr:\n    auth:\n      token: tok-SECRET-from-clouds-yaml\n") });
    },
  },
  {
    name: "defaultAuth (the ECS metadata step)",
    build: async (secrets) => {
      const issuer = credentialIssuer(() => 3600_000);
      const metadata = await start((_r, res) => {
        const c = issuer.issue();
        secrets.push(c.sk, c.securityToken);
        issuer.answer(res, c);
      });
      return defaultAuth({ env: {}, ecsMetadata: { baseUrl: metadata.url } });
    },
  },
];

describe("secrets of the other auth modes on a hostile network", () => {
  for (const mode of modes) {
    it(`${mode.name}: no secret in the error (message, cause chain, toJSON, inspect), the hooks or the debug lines, though the API echoes them all`, async () => {
      const secrets: string[] = [];
      const auth = await mode.build(secrets);
      const api = await start(echoingApi(() => secrets));
      const seen: string[] = [];
      const rk = createRestoreClient({
        projectId: "p1",
        auth,
        endpoints: api.url,
        onRequest: (e) => seen.push(JSON.stringify(e)),
        onResponse: (e) => seen.push(JSON.stringify(e)),
        onRetry: (e) => seen.push(JSON.stringify(e)),
        debug: (line) => seen.push(line),
      });
      const error = await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestoreKitError);
      expect((error as Error).message).toContain("[REDACTED]");
      expect(secrets.length).toBeGreaterThan(0);
      for (const text of [...renderings(error), String(JSON.stringify((error as Error).cause)), ...seen]) for (const secret of secrets) expect(text).not.toContain(secret);

      // Another client sharing the auth mode, whose fetch fails with everything it was given in its
      // messages and causes, as a proxy or a broken agent might: its own redactor knows them too.
      const sent: string[] = [];
      const leaky: typeof fetch = async (_url, init) => {
        const headers = Object.values((init?.headers ?? {}) as Record<string, string>);
        sent.push(...headers.filter((h) => h.length > 8));
        const inner = Object.assign(new Error(`socket closed after ${headers.join(" ")} ${String(init?.body ?? "")}`), { code: "ECONNRESET" });
        throw new TypeError(`fetch failed: ${headers.join(" ")}`, { cause: inner });
      };
      const failing = createRestoreClient({ projectId: "p1", auth, endpoints: api.url, maxRetries: 0, fetch: leaky });
      const lost = await failing.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(RestoreKitError);
      expect(sent.some((h) => secrets.includes(h) || /^SDK-HMAC-SHA256/.test(h))).toBe(true);
      const sentSecrets = sent.filter((h) => h !== "application/json" && !/^\d{8}T\d{6}Z$/.test(h) && h !== "p1");
      for (const text of [...renderings(lost), String(JSON.stringify((lost as Error).cause))]) {
        for (const secret of secrets) expect(text).not.toContain(secret);
        for (const value of sentSecrets) expect(text).not.toContain(/Signature=([0-9a-f]+)/.exec(value)?.[1] ?? value);
      }
    });
  }

  it("an IAM that echoes the base token in its refusal of the exchange, and a metadata service that echoes the last key, are redacted too", async () => {
    const secrets: string[] = [];
    const tokens: string[] = [];
    const iam = await start((r, res) => {
      if (r.rawUrl === "/v3/auth/tokens") return loginTokens(tokens)(r, res, 0);
      res.writeHead(403, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: "IAM.1000", message: `token ${String(r.headers["x-auth-token"])} may not assume` } }));
    });
    const api = await start();
    const refused = await createRestoreClient({ projectId: "p1", auth: assumeAgencyAuth({ base: iamAuth({ username: "op", password: "pw-1234", domain: "d", endpoint: iam.url }), domainName: "a", agencyName: "b", endpoint: iam.url }), endpoints: api.url })
      .cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } })
      .catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/may not act as this agency: HTTP 403 \(IAM\.1000: token \[REDACTED\] may not assume\)/);
    for (const text of renderings(refused)) for (const token of tokens) expect(text).not.toContain(token);

    let t = Date.now();
    const issuer = credentialIssuer(() => 60_000, () => t);
    let first = true;
    const metadata = await start((_r, res) => {
      if (first) {
        first = false;
        return issuer.answer(res);
      }
      const last = issuer.issued[0];
      secrets.push(last?.sk ?? "", last?.securityToken ?? "");
      res.writeHead(500).end(`agent crashed while holding ${last?.sk} / ${last?.securityToken}`);
    });
    const rk = createRestoreClient({ projectId: "p1", auth: ecsMetadataAuth({ baseUrl: metadata.url, maxRetries: 0, now: () => t }), endpoints: api.url });
    await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });
    t += 61_000;
    const error = await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/answered HTTP 500 \(agent crashed while holding \[REDACTED\] \/ \[REDACTED\]\)/);
    for (const text of renderings(error)) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("a temporary key is pinned while it can be used, then released to the bounded short-lived memory", () => {
    const redactor = new Redactor();
    redactor.pin("temp-SECRET-sk-1");
    redactor.release("temp-SECRET-sk-1");
    expect(redactor.redact("x temp-SECRET-sk-1 y")).toBe("x [REDACTED] y");
    for (let i = 0; i < 1000; i++) redactor.add(`signature-${i}-abcdef`);
    expect(redactor.redact("x temp-SECRET-sk-1 y")).toBe("x temp-SECRET-sk-1 y");
    redactor.release("never-pinned");
    expect(redactor.redact("never-pinned")).toBe("never-pinned");
  });
});
