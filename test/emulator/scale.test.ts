import { afterEach, describe, expect, it } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as csbs from "../../generated/operations/csbs.js";
import * as rds from "../../generated/operations/rds.js";
import * as vbs from "../../generated/operations/vbs.js";
import { type Emulator, type EmulatorFixtures, generateFixtures, sampleFixtures, startEmulator } from "../../src/emulator/index.js";
import { operationCaller } from "../support/read-operations.js";

/** Every reference between resources resolves: the checks a restore makes, on every generated resource. */
function checkConsistent(f: EmulatorFixtures): void {
  const volumes = new Map(f.volumes.map((v) => [v.id, v]));
  const servers = new Map(f.servers.map((s) => [s.id, s]));
  const all = [...f.servers, ...f.volumes, ...f.cbrBackups, ...f.vbsBackups, ...f.rdsInstances, ...f.csbsCheckpoints, ...f.csbsCheckpoints.flatMap((c) => c.items)].map((x) => x.id);
  expect(new Set(all).size).toBe(all.length);
  for (const s of f.servers) for (const id of s.volumeIds) expect(volumes.get(id)?.status).toBe("in-use");
  for (const b of f.cbrBackups) {
    if (b.resourceType === "OS::Nova::Server") {
      const server = servers.get(b.resourceId);
      expect(server).toBeDefined();
      expect(b.children.map((c) => c.volumeId)).toEqual(server?.volumeIds);
    } else {
      expect(volumes.get(b.resourceId)?.status).toBe("available");
      expect(b.children).toEqual([]);
    }
  }
  for (const item of f.csbsCheckpoints.flatMap((c) => c.items)) expect(item.volumeBackups.map((v) => v.volumeId)).toEqual(servers.get(item.serverId)?.volumeIds);
  for (const b of f.vbsBackups) expect(volumes.get(b.volumeId)?.status).toBe("available");
  for (const i of f.rdsInstances) {
    expect(i.id).toMatch(/^[0-9a-f]{32}in0[134]$/);
    expect(i.backupIds.every((id) => /^[0-9a-f]{32}br01$/.test(id))).toBe(true);
    expect(i.restorableWindow.earliest).toBeLessThan(i.restorableWindow.latest);
  }
}

describe("generateFixtures", () => {
  it("makes scale of each resource, consistent, the same for the same seed and different for another", () => {
    const f = generateFixtures({ scale: 200, seed: 3 });
    expect(f.servers).toHaveLength(200);
    expect(f.rdsInstances).toHaveLength(200);
    expect(f.vbsBackups).toHaveLength(200);
    expect(f.cbrBackups).toHaveLength(400);
    expect(f.csbsCheckpoints).toHaveLength(200);
    expect(f.volumes).toHaveLength(200 + 200 + 100);
    expect(f.servers[0]?.name).toBe("scale-server-00001");
    expect(new Set(f.rdsInstances.map((i) => i.engine))).toEqual(new Set(["MySQL", "PostgreSQL", "SQLServer"]));
    checkConsistent(f);
    expect(generateFixtures({ scale: 200, seed: 3 })).toEqual(f);
    expect(generateFixtures({ scale: 200, seed: 4 }).servers[0]?.id).not.toBe(f.servers[0]?.id);
    expect(() => generateFixtures({ scale: -1 })).toThrow(RangeError);
  });
});

describe("startEmulator({ scale })", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it("starts with 5000 of each in well under two seconds, keeps the sample's IDs, and restores and lists generated resources", async () => {
    const started = performance.now();
    emulator = await startEmulator({ port: 0, scale: 5000, seed: 8, rateLimit: false, restoreDurationMs: 60_000 });
    expect(performance.now() - started).toBeLessThan(2000);
    const state = emulator.state;
    expect(state.servers.size).toBe(5000 + sampleFixtures.servers.length);
    expect(state.rdsInstances.size).toBe(5000 + sampleFixtures.rdsInstances.length);
    for (const s of sampleFixtures.servers) expect(state.servers.has(s.id)).toBe(true);
    const f = generateFixtures({ scale: 5000, seed: 8 });
    checkConsistent(f);

    const call = operationCaller(emulator);
    const server = f.servers[41];
    const backup = f.cbrBackups.find((b) => b.resourceId === server?.id);
    await call(cbr.restoreBackup, { backupId: backup?.id, restore: { server_id: server?.id, mappings: backup?.children.map((c) => ({ backup_id: c.id, volume_id: c.volumeId })) } });
    const item = f.csbsCheckpoints[7]?.items[0];
    await call(csbs.createRestore, { restore: { checkpoint_id: f.csbsCheckpoints[7]?.id, parameters: { checkpoint_item_id: item?.id, power_on: true, targets: { server_id: item?.serverId, volumes: item?.volumeBackups.map((v) => ({ backup_id: v.id, volume_id: v.volumeId })) } } } });
    await call(vbs.restoreBackup, { backupId: f.vbsBackups[9]?.id, restore: { volume_id: f.vbsBackups[9]?.volumeId } });
    const db = f.rdsInstances[3];
    await call(rds.restoreToExistingInstance, { source: { instance_id: db?.id, backup_id: db?.backupIds[0] }, target: { instance_id: db?.id } });
    expect(emulator.restoreLog).toHaveLength(4);

    expect((await call(cbr.listBackups, { status: "restoring", limit: 1000 })).backups.map((b: { id: string }) => b.id)).toEqual([backup?.id]);
    expect((await call(cbr.listBackups, { limit: 10 })).count).toBe(10_000 + sampleFixtures.cbrBackups.length);
    expect((await call(csbs.listCheckpointItems, { status: "restoring" })).checkpoint_items.map((i: { id: string }) => i.id)).toEqual([item?.id]);
    expect((await call(rds.listInstances, { limit: 100, offset: 100 })).instances).toHaveLength(100);
    const sixty = f.volumes.slice(0, 60).map((v) => `'${v.id}'`);
    expect((await call(vbs.listVolumes, { ids: `[${sixty.join(",")}]` })).count).toBe(60);
  }, 20_000);
});
