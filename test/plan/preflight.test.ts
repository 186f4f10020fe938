import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { akskAuth } from "../../src/index.js";
import { PlanError, checkPlan, preflightPlan } from "../../src/plan/index.js";
import { planItems } from "../support/scale-plan.js";

let emulator: Emulator;
const fixtures = generateFixtures({ scale: 20, seed: 4 });
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 4, fixtures });
});
afterAll(() => emulator.stop());

const run = (restores: Record<string, unknown>[]) => {
  const plan = checkPlan({ name: "preflight", cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores });
  return preflightPlan({ plan, auth: akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk }), endpoints: emulator.url });
};

describe("plan check --preflight: reads each backup and target, sends no restore", () => {
  it("passes a plan whose backups and targets are all ready", async () => {
    const result = await run(planItems(fixtures, { cbr: 2, csbs: 2, vbs: 2, rds: 2 }));
    expect(result.items).toBe(8);
    expect(result.requests).toBeGreaterThanOrEqual(8);
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("lists every problem with its item, field and rule", async () => {
    const [cbr, , csbs, , vbs, , rds, rds2] = planItems(fixtures, { cbr: 2, csbs: 2, vbs: 2, rds: 2 }) as Record<string, unknown>[];
    const csbsInput = csbs as { restore: { checkpoint_id: string; parameters: { checkpoint_item_id: string; power_on: boolean; targets: { server_id: string } } } };
    const otherServerDisk = fixtures.servers[19]?.volumeIds[0] as string;
    const mysql = fixtures.rdsInstances.find((i) => i.engine === "MySQL" && i.version === "8.0") as (typeof fixtures.rdsInstances)[number];
    const postgres = fixtures.rdsInstances.find((i) => i.engine === "PostgreSQL") as (typeof fixtures.rdsInstances)[number];
    const restores = [
      { ...cbr, backupId: "no-such-backup" },
      { ...csbs, restore: { ...csbsInput.restore, parameters: { ...csbsInput.restore.parameters, targets: { ...csbsInput.restore.parameters.targets, volumes: [{ backup_id: "b", volume_id: otherServerDisk }] } } } },
      { ...vbs, restore: { volume_id: "no-such-disk" } },
      { ...rds, source: { instance_id: mysql.id, type: "timestamp", restore_time: "2020-01-01T00:00:00Z" }, target: { instance_id: mysql.id } },
      { ...rds2, source: { instance_id: mysql.id, type: "backup", backup_id: mysql.backupIds[0] }, target: { instance_id: postgres.id } },
    ];
    const error = await run(restores).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).problems.map((p) => `${p.item}|${p.field}|${p.rule}`)).toEqual([
      "cbr-0|backupId|exists",
      "csbs-0|restore.parameters.targets.volumes[0].volume_id|attached",
      "vbs-0|restore.volume_id|exists",
      "rds-0|source.restore_time|window",
      "rds-1|target.instance_id|engine",
      "rds-1|target.instance_id|version",
    ]);
    expect(emulator.restoreLog).toHaveLength(0);
  });
});
