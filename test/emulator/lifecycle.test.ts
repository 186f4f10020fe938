import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";

describe("emulator lifecycle", () => {
  it("binds to 127.0.0.1 on a free port, runs in parallel, and leaves nothing behind after stop()", async () => {
    // In a process of its own, so that the only proof needed is that it exits: a restore pending
    // for an hour, and both servers' timers, must all be gone after stop().
    const script = `
      import { startEmulator } from ${JSON.stringify(resolve(import.meta.dirname, "../../src/emulator/index.ts"))};
      const [a, b] = await Promise.all([startEmulator({ port: 0, restoreDurationMs: 3_600_000 }), startEmulator({ port: 0 })]);
      const c = a.credentials;
      const login = await fetch(a.url + "/v3/auth/tokens", { method: "POST", body: JSON.stringify({
        auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } } }) });
      const restore = await fetch(a.url + "/v2/" + c.projectId + "/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore", {
        method: "POST", headers: { "X-Auth-Token": login.headers.get("x-subject-token") }, body: JSON.stringify({ restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }) });
      await Promise.all([a.stop(), b.stop()]);
      const gone = await Promise.all([a, b].map((e) => fetch(e.url + "/__emulator/state").then(() => "open", () => "closed")));
      console.log(JSON.stringify({ a: a.url, b: b.url, restore: restore.status, gone, stoppedAt: Date.now() }));
    `;
    const out = await new Promise<string>((done) => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: resolve(import.meta.dirname, "../..") });
      let text = "";
      child.stdout.on("data", (c: Buffer) => (text += c.toString()));
      child.on("close", () => done(`${text.trim()}\n${Date.now()}`));
    });
    const [line, exitedAt] = out.split("\n");
    const result = JSON.parse(line as string) as { a: string; b: string; restore: number; gone: string[]; stoppedAt: number };
    expect(result.a).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.a).not.toBe(result.b);
    expect(result.restore).toBe(202);
    expect(result.gone).toEqual(["closed", "closed"]);
    // The process ended on its own, soon after stop(): no timer or socket kept it alive.
    expect(Number(exitedAt) - result.stoppedAt).toBeLessThan(2000);
  });

  it("logs one JSON line per request with no credentials", async () => {
    const lines: string[] = [];
    const e = await startEmulator({ port: 0, log: (l) => lines.push(l) });
    try {
      await fetch(`${e.url}/v3/${e.credentials.projectId}/instances/recovery`, { method: "POST", headers: { "X-Auth-Token": "secret-token-value" }, body: "{}" });
      await fetch(`${e.url}/v3/auth/tokens`, { method: "POST", body: JSON.stringify({ auth: { identity: { password: { user: { password: e.credentials.password } } } } }) });
    } finally {
      await e.stop();
    }
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(first).toMatchObject({ method: "POST", status: 401, operation: "rds.restoreToExistingInstance" });
    expect(first.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof first.ms).toBe("number");
    expect(lines.join("\n")).not.toContain("secret-token-value");
    expect(lines.join("\n")).not.toContain(e.credentials.password);
  });
});
