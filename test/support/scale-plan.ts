import type { EmulatorFixtures } from "../../src/emulator/index.js";

/** How many restores of each service a plan holds. */
export interface PlanMix {
  readonly cbr?: number;
  readonly csbs?: number;
  readonly vbs?: number;
  readonly rds?: number;
}

/**
 * The items of a plan over generated fixtures (`generateFixtures`): CBR whole-server restores
 * and CSBS restorations on different servers, VBS restores of the disk-only volumes, and RDS
 * restores of each instance from its own backup; no two items touch the same resource.
 */
export function planItems(fixtures: EmulatorFixtures, mix: PlanMix): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  const serverBackups = fixtures.cbrBackups.filter((b) => b.resourceType === "OS::Nova::Server");
  const cbr = mix.cbr ?? 0;
  const csbs = mix.csbs ?? 0;
  if (cbr + csbs > serverBackups.length || (mix.vbs ?? 0) > fixtures.vbsBackups.length || (mix.rds ?? 0) > fixtures.rdsInstances.length) {
    throw new Error("the fixtures hold fewer resources than the plan asks for");
  }
  serverBackups.slice(0, cbr).forEach((b, i) => {
    items.push({ id: `cbr-${i}`, service: "cbr", backupId: b.id, restore: { server_id: b.resourceId, mappings: b.children.map((c) => ({ backup_id: c.id, volume_id: c.volumeId })) } });
  });
  const checkpoints = fixtures.csbsCheckpoints.filter((c) => c.items.some((item) => serverBackups.slice(cbr, cbr + csbs).some((b) => b.resourceId === item.serverId)));
  checkpoints.slice(0, csbs).forEach((c, i) => {
    const item = c.items[0] as (typeof c.items)[number];
    const volumes = item.volumeBackups.map((v) => ({ backup_id: v.id, volume_id: v.volumeId }));
    items.push({ id: `csbs-${i}`, service: "csbs", restore: { checkpoint_id: c.id, parameters: { checkpoint_item_id: item.id, power_on: false, targets: { server_id: item.serverId, volumes } } } });
  });
  fixtures.vbsBackups.slice(0, mix.vbs ?? 0).forEach((b, i) => {
    items.push({ id: `vbs-${i}`, service: "vbs", backupId: b.id, restore: { volume_id: b.volumeId } });
  });
  fixtures.rdsInstances.slice(0, mix.rds ?? 0).forEach((r, i) => {
    items.push({ id: `rds-${i}`, service: "rds", source: { instance_id: r.id, type: "backup", backup_id: r.backupIds[0] }, target: { instance_id: r.id } });
  });
  return items;
}
