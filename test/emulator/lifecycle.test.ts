import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";

describe("emulator lifecycle", () => {
  it("binds to 127.0.0.1 on a free port, runs in parallel, and leaves nothing behind after stop()", async () => {
    const [a, b] = await Promise.all([startEmulator({ port: 0, restoreDurationMs: 3_600_000 }), startEmulator({ port: 0 })]);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timers();
    // An accepted restore schedules its end an hour away; stop() must cancel that timer.
    const c = a.credentials;
    const login = await fetch(`${a.url}/v3/auth/tokens`, {
      method: "POST",
      body: JSON.stringify({
        auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } },
      }),
    });
    const token = login.headers.get("x-subject-token") ?? "";
    const restore = await fetch(`${a.url}/v2/${c.projectId}/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore`, {
      method: "POST",
      headers: { "X-Auth-Token": token },
      body: JSON.stringify({ restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }),
    });
    expect(restore.status).toBe(202);
    expect(timers()).toBeGreaterThan(before);
    await Promise.all([a.stop(), b.stop()]);
    expect(timers()).toBe(before);
    await expect(fetch(`${a.url}/__emulator/state`)).rejects.toThrow();
    await expect(fetch(`${b.url}/__emulator/state`)).rejects.toThrow();
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
