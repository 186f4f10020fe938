import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";

let emulator: Emulator;
let token: string;
let expiresAt: string;

beforeAll(async () => {
  const lines: string[] = [];
  // Fault rates are measured over hundreds of requests; the rate limit would answer most of them.
  emulator = await startEmulator({ port: 0, restoreDurationMs: 150, rateLimit: false, log: (l) => lines.push(l) });
  const c = emulator.credentials;
  const res = await fetch(`${emulator.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } },
    }),
  });
  expect(res.status).toBe(201);
  token = res.headers.get("x-subject-token") ?? "";
  expiresAt = ((await res.json()) as { token: { expires_at: string } }).token.expires_at;
});
afterAll(() => emulator.stop());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${emulator.url}${path.replace("{p}", emulator.credentials.projectId)}`, {
    method,
    headers: { "Content-Type": "application/json", "X-Auth-Token": token, ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });

describe("IAM token issuance", () => {
  it("issues a token in X-Subject-Token that expires in 24 hours", () => {
    expect(token).toMatch(/^MII/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
  });

  it("refuses a wrong password with 401 and does not issue a token", async () => {
    const c = emulator.credentials;
    const res = await call("POST", "/v3/auth/tokens", {
      auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: "wrong", domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-subject-token")).toBeNull();
  });
});

describe("validation from the specs, with each family's error shape", () => {
  it("a CBR whole-server restore without mappings: 400 error_code/error_msg naming the field", async () => {
    const res = await call("POST", "/v3/{p}/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore", { restore: { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error_code: string; error_msg: string };
    expect(body.error_code).toBe("BackupService.4001");
    expect(body.error_msg).toContain("restore.mappings is required");
  });

  it("an RDS point-in-time restore without restore_time: 400 naming source.restore_time", async () => {
    const res = await call("POST", "/v3/{p}/instances/recovery", { source: { instance_id: "x", type: "timestamp" }, target: { instance_id: "x" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toContain("source.restore_time is required");
  });

  it("a CSBS restore with another provider_id: 400", async () => {
    const res = await call("POST", "/v1/{p}/restores", {
      restore: { provider_id: "x", checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toContain("restore.provider_id must be");
  });

  it("a VBS body that is not JSON: 400 in the OpenStack shape", async () => {
    const res = await call("POST", "/v2/{p}/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore", "{not json");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ badRequest: { code: 400, message: "The request body is not valid JSON." } });
  });

  it("unknown routes get 404 and wrong methods 405, OpenStack-style under /v2", async () => {
    const missing = await call("GET", "/v2/{p}/nothing-here");
    expect(missing.status).toBe(404);
    expect(Object.keys((await missing.json()) as object)).toEqual(["itemNotFound"]);
    const wrong = await call("DELETE", "/v2/{p}/backups/b/restore");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    expect(Object.keys((await wrong.json()) as object)).toEqual(["badMethod"]);
    const wrongRds = await call("GET", "/v3/{p}/instances/recovery");
    expect(wrongRds.status).toBe(405);
    expect(((await wrongRds.json()) as { error_code: string }).error_code).toBeDefined();
  });
});

describe("restore semantics of the pages", () => {
  it("refuses a missing backup (404), mappings that are not the backup's (400), and a busy disk (409)", async () => {
    expect((await call("POST", "/v3/{p}/backups/nope/restore", { restore: { volume_id: "v" } })).status).toBe(404);
    const wrongMap = await call("POST", "/v3/{p}/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore", {
      restore: { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526", mappings: [{ backup_id: "other", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }] },
    });
    expect(wrongMap.status).toBe(400);
    expect(((await wrongMap.json()) as { error_msg: string }).error_msg).toContain("restore.mappings[0].backup_id");
    const vbs = { restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
    expect((await call("POST", "/v2/{p}/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore", vbs)).status).toBe(202);
    const busy = await call("POST", "/v2/{p}/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore", vbs);
    expect(busy.status).toBe(409);
    expect(Object.keys((await busy.json()) as object)).toEqual(["conflictingRequest"]);
  });

  it.each([
    ["restore_time outside the restorable window", { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: 1 }, "d8e6ca5a624745bcb546a227aa3ae1cfin01", /restorable window/],
    ["a target on another engine version", { instance_id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01", type: "timestamp", restore_time: 1532001446987 }, "2c3d4e5f6a7b4c8d9e0f1a2b3c4d5e6fin01", /versions must be the same/],
    ["a smaller target", { instance_id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01", type: "timestamp", restore_time: 1532001446987 }, "1b2c3d4e5f6a4b7c8d9e0f1a2b3c4d5ein01", /smaller/],
    ["SQL Server to a different instance", { instance_id: "3d4e5f6a7b8c4d9e0f1a2b3c4d5e6f7ain04", backup_id: "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8" }, "4e5f6a7b8c9d4e0fa1b2c3d4e5f6a7b8in04", /SQL Server/],
    ["a target on another engine", { instance_id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01", type: "timestamp", restore_time: 1532001446987 }, "3d4e5f6a7b8c4d9e0f1a2b3c4d5e6f7ain04", /SQL Server|engines/],
  ])("RDS refuses %s with 400", async (_name, source, target, message) => {
    const res = await call("POST", "/v3/{p}/instances/recovery", { source, target: { instance_id: target } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toMatch(message);
  });

  it("an RDS job goes Running, then Completed, within the configured duration", async () => {
    const res = await call("POST", "/v3/{p}/instances/recovery", {
      source: { instance_id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01", type: "timestamp", restore_time: 1532001446987 },
      target: { instance_id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01" },
    });
    expect(res.status).toBe(200);
    const { job_id } = (await res.json()) as { job_id: string };
    const read = async () => ((await (await call("GET", `/v3/{p}/jobs?id=${job_id}`)).json()) as { job: { status: string } }).job.status;
    expect(await read()).toBe("Running");
    await new Promise((r) => setTimeout(r, 250));
    expect(await read()).toBe("Completed");
  });
});

describe("faults", () => {
  it("'the next N requests' faults expire after N; rate faults fire at about their rate", async () => {
    emulator.faults.add({ route: "rds.showJob", times: 2, fault: { kind: "status", status: 503, retryAfter: "1" } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("GET", "/v3/{p}/jobs?id=none")).status);
    expect(statuses).toEqual([503, 503, 404]);
    emulator.faults.add({ route: "rds.showJob", rate: 0.5, fault: { kind: "status", status: 500 } });
    let hits = 0;
    for (let i = 0; i < 200; i++) if ((await call("GET", "/v3/{p}/jobs?id=none")).status === 500) hits++;
    emulator.faults.clear();
    expect(hits).toBeGreaterThan(60);
    expect(hits).toBeLessThan(140);
  });

  it("the control endpoint adds and clears faults", async () => {
    const add = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ route: "rds.showJob", times: 1, fault: { kind: "status", status: 429, retryAfter: "3" } }) });
    expect(add.status).toBe(201);
    const limited = await call("GET", "/v3/{p}/jobs?id=none");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    await fetch(`${emulator.url}/__emulator/faults`, { method: "DELETE" });
    expect(emulator.faults.list()).toEqual([]);
  });
});
