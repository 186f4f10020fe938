import { afterEach, describe, expect, it } from "vitest";
import { AuthError, ConnectionError, RestoreKitError, type ResponseEvent, akskAuth, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
import { Redactor } from "../../src/redaction.js";
import { type HostileHandler, type HostileServer, renderings, startHostileServer } from "../support/hostile-server.js";
import { runCli } from "../support/run-cli.js";

const servers: HostileServer[] = [];
const start = async (handler?: HostileHandler) => {
  const s = await startHostileServer(handler);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const expectClean = (texts: readonly string[], secrets: readonly string[]) => {
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
};
const restore = (rk: ReturnType<typeof createRestoreClient>) => rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } });

describe("secrets on a hostile network", () => {
  it("a token with an embedded LF (a line-wrapped token file) is refused before sending, and shown nowhere", async () => {
    const api = await start();
    const token = "tok-SECRET-line-one\ntok-SECRET-line-two";
    for (const auth of [tokenAuth(token), tokenAuth(async () => token)]) {
      const error = await restore(createRestoreClient({ projectId: "p1", auth, endpoints: api.url })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).fate).toBe("not-sent");
      expect((error as Error).message).toMatch(/X-Auth-Token.*CR, LF or NUL/);
      expectClean(renderings(error), ["tok-SECRET-line-one", "tok-SECRET-line-two"]);
    }
    expect(api.requests).toHaveLength(0);
  });

  it("the same token given to the CLI: exit 2, and neither stdout nor stderr (nor --json) shows it", async () => {
    const api = await start();
    const token = "tok-SECRET-cli-one\ntok-SECRET-cli-two";
    const r = await runCli(["cbr", "restore", "--endpoint", api.url, "--project-id", "p1", "--backup-id", "b1", "--volume-id", "v1", "--json"], { OS_AUTH_TOKEN: token });
    expect(r.code).toBe(2);
    expectClean([r.stdout, r.stderr], ["tok-SECRET-cli-one", "tok-SECRET-cli-two"]);
    expect(api.requests).toHaveLength(0);
  });

  it("a fetch failure whose messages and causes carry secrets is redacted through the whole cause chain", async () => {
    const token = "tok-SECRET-chain-1234";
    const sk = "sk-SECRET-chain-1234";
    const leaky: typeof fetch = async () => {
      const inner = Object.assign(new Error(`socket error near ${sk}`), { code: "ECONNRESET" });
      throw new TypeError(`bad header "${token}"`, { cause: inner });
    };
    for (const [auth, secret] of [[tokenAuth(token), token], [akskAuth({ ak: "AK", sk }), sk]] as const) {
      const error = await restore(createRestoreClient({ projectId: "p1", auth, endpoints: "http://127.0.0.1:9", fetch: leaky, maxRetries: 0 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(JSON.stringify(error)).toContain("[REDACTED]");
      expectClean([...renderings(error), JSON.stringify((error as Error).cause)], [secret]);
    }
  });

  it("the password is never forgotten by the redactor, however many tokens came after it", async () => {
    const password = "pw-SECRET-long-lived";
    let logins = 0;
    const iam = await start((_r, res) => {
      logins++;
      if (logins > 70) return void res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: "401", message: `wrong password ${password}` } }));
      res.writeHead(201, { "X-Subject-Token": `issued-token-${logins}-abcdef`, "Content-Type": "application/json" }).end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 86_400_000).toISOString() } }));
    });
    const api = await start();
    const rk = createRestoreClient({ projectId: "p1", auth: iamAuth({ username: "u", password, domain: "d", endpoint: iam.url }), endpoints: api.url });
    for (let i = 0; i < 71; i++) await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, { projectId: `p${i}` }).catch(() => undefined);
    const error = await rk.cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, { projectId: "p-last" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/401/);
    expectClean(renderings(error), [password]);
  });

  it("a pinned secret survives any number of rotating ones; rotating ones are bounded", () => {
    const redactor = new Redactor();
    redactor.pin("sk-SECRET-pinned");
    for (let i = 0; i < 5000; i++) redactor.add(`rotating-secret-${i}`);
    expect(redactor.redact("sk-SECRET-pinned rotating-secret-4999 rotating-secret-0")).toBe("[REDACTED] [REDACTED] rotating-secret-0");
  });

  it("a signature echoed without its Signature= prefix, and a token echoed in a response header, are redacted", async () => {
    const api = await start((r, res) => {
      const signature = /Signature=([0-9a-f]{64})/.exec(String(r.headers.authorization))?.[1] ?? String(r.headers["x-auth-token"]);
      res.writeHead(400, { "Content-Type": "application/json", "X-Debug-Echo": signature }).end(JSON.stringify({ error_code: "X.1", error_msg: `signature ${signature} mismatch` }));
    });
    const events: ResponseEvent[] = [];
    const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak: "AK", sk: "sk-1234" }), endpoints: api.url, onResponse: (e) => events.push(e) });
    const error = await restore(rk).catch((e: unknown) => e);
    const signature = /Signature=([0-9a-f]{64})/.exec(String(api.requests[0]?.headers.authorization))?.[1] as string;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(error).toBeInstanceOf(RestoreKitError);
    expectClean([...renderings(error), JSON.stringify(events)], [signature]);
    const tokenApi = await start((r, res) => res.writeHead(202, { "X-Debug-Echo": String(r.headers["x-auth-token"]) }).end());
    const tokenEvents: ResponseEvent[] = [];
    await restore(createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-SECRET-echoed"), endpoints: tokenApi.url, onResponse: (e) => tokenEvents.push(e) }));
    expect(tokenEvents[0]?.responseHeaders["x-debug-echo"]).toBe("[REDACTED]");
  });
});
