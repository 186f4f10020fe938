import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

let emulator: Emulator;
let base: string[];
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 1500, seed: 1 });
  base = ["--endpoint", emulator.url, "--project-id", emulator.credentials.projectId];
  env = { HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk };
});
afterAll(() => emulator.stop());

const fastWait = ["--wait"];

describe("restorekit CLI against the emulator", () => {
  it("vbs restore --wait: exit 0, the restore applied once, the final state printed", async () => {
    const r = await runCli(["vbs", "restore", ...base, ...fastWait, "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sent: POST .*\/v2\/.*\/backups\/1d1139d8-8989-49d3-8aa1-83eb691e6db2\/restore$/m);
    expect(r.stdout).toMatch(/^accepted: HTTP 202 \(request id [0-9a-f]+\)$/m);
    expect(r.stdout).toMatch(/^finished: .*"status":"available"/m);
    expect(emulator.restoreLog.filter((x) => x.service === "vbs")).toHaveLength(1);
  });

  it("cbr restore of a whole server with --map and --no-power-on, as JSON", async () => {
    const r = await runCli(
      [
        "cbr", "restore", ...base, "--json", "--no-power-on",
        "--backup-id", "a5200268-74a5-4806-acc6-95793ab0228b",
        "--server-id", "94eba8b2-acc9-4d82-badc-127144cc5526",
        "--map", "5d822633-2bbf-4af8-a16e-5ab1c7705235:eccbcfdd-f843-4bbb-b2c0-a5ce861f9376",
      ],
      env,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: number; sent: { body: unknown } };
    expect(out.status).toBe(202);
    expect(out.sent.body).toEqual({
      restore: {
        server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
        mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
        power_on: false,
      },
    });
  });

  it("csbs restore --wait resolves when the backup is available again", async () => {
    const r = await runCli(
      [
        "csbs", "restore", ...base, ...fastWait,
        "--checkpoint-id", "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
        "--checkpoint-item-id", "504b7d59-c361-411f-9ed3-814f35d08e3d",
        "--server-id", "f45c477a-57e5-465f-999f-d845083962db",
        "--map", "bc118c24-3234-4afd-8423-d66d3d677649:ee27f809-6fb5-40ae-ac46-c932bb4ee8fe",
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^accepted: HTTP 200/m);
    expect(r.stdout).toMatch(/"status":"available"/);
  });

  it("rds restore --time converts ISO 8601 to exact UTC milliseconds; the target defaults to the source", async () => {
    const r = await runCli(["rds", "restore", ...base, "--json", "--instance-id", "d8e6ca5a624745bcb546a227aa3ae1cfin01", "--time", "2018-07-19T13:57:26.987+02:00"], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { sent: { body: { source: { restore_time: number }; target: { instance_id: string } } }; response: { job_id: string } };
    expect(out.sent.body.source.restore_time).toBe(1532001446987);
    expect(out.sent.body.target.instance_id).toBe("d8e6ca5a624745bcb546a227aa3ae1cfin01");
    expect(out.response.job_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("--dry-run prints the exact request with secrets redacted and sends nothing", async () => {
    const before = emulator.restoreLog.length;
    const r = await runCli(["vbs", "restore", ...base, "--dry-run", "--token", "tok-DRYRUN-secret-123", "--backup-id", "b1", "--volume-id", "v1"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dry run, nothing sent");
    expect(r.stdout).toContain("X-Auth-Token: [REDACTED]");
    expect(r.stdout).toContain('{"restore":{"volume_id":"v1"}}');
    expect(r.stdout + r.stderr).not.toContain("tok-DRYRUN-secret-123");
    expect(emulator.restoreLog.length).toBe(before);
  });

  it("exit 1 when the service refuses, with the service's code on one line", async () => {
    const r = await runCli(["vbs", "restore", ...base, "--backup-id", "missing-backup", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/HTTP 404: itemNotFound: Backup missing-backup could not be found/);
  });

  it("exit 2 on bad usage or validation, naming the field and the rule, with nothing sent", async () => {
    const before = emulator.restoreLog.length;
    const usage = await runCli(["rds", "restore", ...base, "--instance-id", "i", "--time", "yesterday"], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--time "yesterday" is not an RFC 3339 date-time with an offset/);
    const noMap = await runCli(["cbr", "restore", ...base, "--backup-id", "b", "--server-id", "s"], env);
    expect(noMap.code).toBe(2);
    expect(noMap.stderr).toMatch(/--server-id needs at least one --map/);
    const invalid = await runCli(["vbs", "restore", ...base, "--backup-id", "..", "--volume-id", "v"], env);
    expect(invalid.code).toBe(2);
    // The SDK's field (backupId) is named by the flag that set it.
    expect(invalid.stderr).toMatch(/^restorekit: --backup-id .*\[pathSegment\]; nothing was sent$/m);
    expect(invalid.stderr).not.toContain("backupId");
    const unknown = await runCli(["vbs", "restore", "--colour", "red"], env);
    expect(unknown.code).toBe(2);
    expect(emulator.restoreLog.length).toBe(before);
  });

  it("exit 3 when the restore fails while waiting, with the service's reason", async () => {
    const failing = await startEmulator({ port: 0, restoreDurationMs: 300, faults: [{ route: "rds.restoreToExistingInstance", fault: { kind: "restoreFails", reason: "binlog gap" } }] });
    try {
      const r = await runCli(
        ["rds", "restore", "--endpoint", failing.url, "--project-id", failing.credentials.projectId, "--wait", "--instance-id", "d8e6ca5a624745bcb546a227aa3ae1cfin01", "--backup-id", "2f4ddb93-b901-4b08-93d8-1d2e472f30fe"],
        env,
      );
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/failed with status Failed: binlog gap/);
    } finally {
      await failing.stop();
    }
  });

  it("exit 5 with the advice to check, not resend, when a 502 leaves the restore's fate unknown", async () => {
    const gateway = await startEmulator({ port: 0, restoreDurationMs: 60_000, faults: [{ route: "vbs.restoreBackup", times: 1, fault: { kind: "status", status: 502 } }] });
    try {
      const r = await runCli(
        ["vbs", "restore", "--endpoint", gateway.url, "--project-id", gateway.credentials.projectId, "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"],
        env,
      );
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/HTTP 502.*may have been applied: check the resource's status before sending it again/);
      expect(gateway.restoreLog).toHaveLength(1);
    } finally {
      await gateway.stop();
    }
  });

  it("exit 4 when the wait times out", async () => {
    const slow = await startEmulator({ port: 0, restoreDurationMs: 60_000 });
    try {
      const r = await runCli(
        ["vbs", "restore", "--endpoint", slow.url, "--project-id", slow.credentials.projectId, "--wait", "--timeout", "1500ms", "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"],
        env,
      );
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/still restoring-backup after 1500 ms/);
    } finally {
      await slow.stop();
    }
  });

  it("exit 130 when interrupted during a wait", async () => {
    const slow = await startEmulator({ port: 0, restoreDurationMs: 60_000 });
    try {
      const r = await runCli(
        ["vbs", "restore", "--endpoint", slow.url, "--project-id", slow.credentials.projectId, "--wait", "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"],
        env,
        (out, kill) => {
          if (out.includes("restoring-backup")) kill();
        },
      );
      expect(r.code).toBe(130);
    } finally {
      await slow.stop();
    }
  });

  it("never prints the SK or the signature, even with --verbose", async () => {
    const r = await runCli(["vbs", "restore", ...base, "--verbose", "--backup-id", "missing", "--volume-id", "v"], env);
    expect(r.stdout + r.stderr).not.toContain(emulator.credentials.sk);
    expect(r.stdout + r.stderr).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(r.stderr).toContain("Signature=[REDACTED]");
  });

  it("regions lists every service's clouds and regions", async () => {
    const r = await runCli(["regions", "--json"]);
    const rows = JSON.parse(r.stdout) as { service: string; cloud: string; region: string }[];
    for (const service of ["cbr", "csbs", "vbs", "rds"]) expect(rows).toContainEqual(expect.objectContaining({ service, cloud: "otc", region: "eu-de" }));
    expect(rows.some((x) => x.service === "csbs" && x.region === "eu-nl")).toBe(false);
  });
});
