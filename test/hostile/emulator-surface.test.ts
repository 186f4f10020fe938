import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/emulator/auth.js";
import { type Emulator, FaultRuleError, startEmulator } from "../../src/emulator/index.js";
import { ForbiddenError, RestoreFailedError, akskAuth, createRestoreClient, iamAuth } from "../../src/index.js";
import { signRequest } from "../../src/signing/sign.js";
import { nodeDigest } from "../../src/signing/digest.js";
import * as nodeCrypto from "node:crypto";

const emulators: Emulator[] = [];
const start = async (options = {}) => {
  const e = await startEmulator({ port: 0, seed: 7, restoreDurationMs: 200, ...options });
  emulators.push(e);
  return e;
};
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.stop()));
});

const vbsRestore = { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
const aksk = (e: Emulator, extra = {}) => createRestoreClient({ projectId: e.credentials.projectId, auth: akskAuth({ ak: e.credentials.ak, sk: e.credentials.sk }), endpoints: e.url, ...extra });
const post = (e: Emulator, body: string, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  fetch(`${e.url}/__emulator/faults`, { method: "POST", headers, body });

describe("the emulator's control routes", () => {
  for (const rule of ['{"foo":1}', '{"fault":{"kind":"status","status":429,"retryAfter":"1\\r\\nX-Injected: 1"}}', '{"fault":"nonsense"}', '{"route":"cbr.nope","fault":"reset"}', '{"times":0,"fault":"reset"}', "not json"]) {
    it(`refuses ${rule} with 400 and the valid shapes, and keeps working`, async () => {
      const e = await start();
      const res = await post(e, rule);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error_msg: string; valid_shapes: string[] };
      expect(body.valid_shapes.length).toBeGreaterThan(3);
      expect(e.faults.list()).toHaveLength(0);
      const { user, password, domain } = e.credentials;
      const rk = createRestoreClient({ projectId: e.credentials.projectId, auth: iamAuth({ username: user, password, domain }), endpoints: e.url });
      await rk.vbs.restoreBackup(vbsRestore);
    });
  }

  it('accepts the shorthand {"fault":"restoreFails"}, which then fails the next restore', async () => {
    const e = await start();
    const res = await post(e, '{"route":"vbs.restoreBackup","times":1,"fault":"restoreFails"}');
    expect(res.status).toBe(201);
    const rk = aksk(e);
    await expect(rk.vbs.restoreBackup(vbsRestore, { wait: { firstDelayMs: 50, minDelayMs: 50 } })).rejects.toBeInstanceOf(RestoreFailedError);
  });

  it("faults.add() refuses a bad rule with FaultRuleError", async () => {
    const e = await start();
    expect(() => e.faults.add({ fault: { kind: "latency", ms: -1 } })).toThrow(FaultRuleError);
  });

  it("refuses requests from other origins' web pages, and text/plain bodies", async () => {
    const e = await start();
    for (const headers of <Record<string, string>[]>[
      { "Content-Type": "text/plain", Origin: "https://evil.example" },
      { "Content-Type": "application/json", Origin: "https://evil.example" },
      { "Content-Type": "text/plain", "Sec-Fetch-Site": "cross-site" },
    ]) {
      expect((await post(e, '{"fault":"reset"}', headers)).status).toBe(403);
    }
    expect((await post(e, '{"fault":"reset"}', { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await fetch(`${e.url}/__emulator/state`, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    expect(e.faults.list()).toHaveLength(0);
  });
});

describe("the emulator's lifecycle and limits", () => {
  it("stop() during a latency fault applies nothing, and does not keep the process alive", async () => {
    const script = `
      import { startEmulator } from ${JSON.stringify(resolve(import.meta.dirname, "../../src/emulator/index.ts"))};
      const e = await startEmulator({ port: 0, faults: [{ fault: { kind: "latency", ms: 20000 } }] });
      fetch(e.url + "/v2/" + e.credentials.projectId + "/backups/b/restore", { method: "POST", body: "{}" }).catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
      await e.stop();
      console.log("applied " + e.restoreLog.length);
    `;
    const started = Date.now();
    const out = await new Promise<string>((done) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: resolve(import.meta.dirname, "../..") });
      let text = "";
      child.stdout.on("data", (c: Buffer) => (text += c.toString()));
      child.on("close", () => done(text));
    });
    expect(out.trim()).toBe("applied 0");
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it("a restart on the same port does not make the next restore fail on a stale keep-alive connection", async () => {
    let e = await start();
    const port = Number(new URL(e.url).port);
    const rk = aksk(e);
    for (let i = 0; i < 8; i++) {
      await Promise.all([1, 2, 3, 4].map(() => rk.vbs.showVolume({ volumeId: vbsRestore.restore.volume_id })));
      await e.stop();
      emulators.pop();
      e = await start({ port });
      await rk.vbs.restoreBackup(vbsRestore);
    }
  });

  it("issued tokens are bounded: expired ones go first, then the oldest", () => {
    const store = new TokenStore(1000);
    for (let i = 0; i < 5000; i++) store.issue(`t${i}`, { projectId: "p", expiresAt: i < 2500 ? 10 : 10_000 }, 100);
    expect(store.size).toBeLessThanOrEqual(1000);
    expect(store.check("t4999", 100).ok).toBe(true);
    expect(store.check("t0", 100).ok).toBe(false);
  });

  it("an AK/SK request without X-Project-Id is checked against the key's own project", async () => {
    const e = await start();
    const url = new URL(`${e.url}/v2/another-project/volumes/${vbsRestore.restore.volume_id}`);
    const headers = signRequest({ method: "GET", url, headers: {}, body: "" }, { ak: e.credentials.ak, sk: e.credentials.sk }, nodeDigest(nodeCrypto)) as Record<string, string>;
    const res = await fetch(url, { headers });
    expect(res.status).toBe(403);
    await expect(aksk(e).vbs.showVolume({ volumeId: vbsRestore.restore.volume_id }, { projectId: "another-project" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("?id=A?id=B is one query parameter, not job A", async () => {
    const e = await start();
    const { job_id } = await aksk(e).rds.restoreToExistingInstance({ source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } });
    const url = new URL(`${e.url}/v3/${e.credentials.projectId}/jobs?id=${job_id}?id=other`);
    const headers = signRequest({ method: "GET", url, headers: { "X-Project-Id": e.credentials.projectId }, body: "" }, { ak: e.credentials.ak, sk: e.credentials.sk }, nodeDigest(nodeCrypto)) as Record<string, string>;
    const res = await fetch(url, { headers: { ...headers, "X-Project-Id": e.credentials.projectId } });
    expect(res.status).not.toBe(200);
  });

  it("a slow request body is cut off after requestTimeoutMs", async () => {
    const e = await start({ requestTimeoutMs: 500 });
    const { connect } = await import("node:net");
    const { port } = new URL(e.url);
    const started = Date.now();
    await new Promise<void>((done) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(`POST /v2/${e.credentials.projectId}/backups/b/restore HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{`);
        const drip = setInterval(() => socket.write(" "), 100);
        socket.on("close", () => {
          clearInterval(drip);
          done();
        });
      });
      socket.on("error", () => undefined);
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
