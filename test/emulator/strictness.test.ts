import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

/**
 * The emulator refuses what the service would, through the CLI as an operator meets it: a
 * whole-server CBR backup restored as a disk (given a server's ID), and a CSBS restoration that
 * maps no disk.
 */
let emulator: Emulator;
let env: Record<string, string>;
let at: string[];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 60_000 });
  const c = emulator.credentials;
  env = { HUAWEICLOUD_SDK_AK: c.ak, HUAWEICLOUD_SDK_SK: c.sk, HUAWEICLOUD_SDK_PROJECT_ID: c.projectId };
  at = ["--endpoint", emulator.url];
});
afterAll(() => emulator.stop());

describe("an emulator as strict as the cloud", () => {
  it("cbr restore of a whole-server backup with --volume-id (a server's ID): refused with 400, exit 1, nothing applied", async () => {
    const r = await runCli(["cbr", "restore", ...at, "--backup-id", "a5200268-74a5-4806-acc6-95793ab0228b", "--volume-id", "94eba8b2-acc9-4d82-badc-127144cc5526"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 400: BackupService\.4001: Backup a5200268-74a5-4806-acc6-95793ab0228b is a backup of a whole server: restore it with restore\.server_id and restore\.mappings/);
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("csbs restore without --map is a usage error (the usage line marks it required); the emulator refuses an empty volumes list", async () => {
    const args = ["csbs", "restore", ...at, "--checkpoint-id", "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09", "--checkpoint-item-id", "504b7d59-c361-411f-9ed3-814f35d08e3d", "--server-id", "f45c477a-57e5-465f-999f-d845083962db"];
    const r = await runCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("restorekit: csbs restore needs at least one --map BACKUP_ID:VOLUME_ID\n");
    const login = await fetch(`${emulator.url}/v3/auth/tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        auth: {
          identity: { methods: ["password"], password: { user: { name: emulator.credentials.user, password: emulator.credentials.password, domain: { name: emulator.credentials.domain } } } },
          scope: { project: { id: emulator.credentials.projectId } },
        },
      }),
    });
    const answer = await fetch(`${emulator.url}/v1/${emulator.credentials.projectId}/restores`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth-Token": login.headers.get("x-subject-token") ?? "" },
      body: JSON.stringify({
        restore: {
          provider_id: "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
          checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
          parameters: { checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d", power_on: true, targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [] } },
        },
      }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error_msg: string }).error_msg).toBe(
      "restore.parameters.targets.volumes maps no disk backup of backup 504b7d59-c361-411f-9ed3-814f35d08e3d; a restoration maps at least one.",
    );
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("SQL Server is refused only when restored to another instance (the RDS page's note is about other instances)", async () => {
    const sqlServer = ["rds", "restore", ...at, "--instance-id", "3d4e5f6a7b8c4d9e0f1a2b3c4d5e6f7ain04", "--backup-id", "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"];
    const elsewhere = await runCli([...sqlServer, "--target-instance-id", "4e5f6a7b8c9d4e0fa1b2c3d4e5f6a7b8in04"], env);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/HTTP 400: DBS\.\d+: target\.instance_id: restoring Microsoft SQL Server data to a different instance is not supported/);
    const itself = await runCli(sqlServer, env);
    expect(itself.code).toBe(0);
    expect(emulator.restoreLog.filter((r) => r.service === "rds")).toHaveLength(1);
  });
});
