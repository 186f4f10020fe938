/**
 * Waiters: restores lasting 1 to 60 s (drawn by the seeded emulator) across the four services,
 * all started at once and each awaited with `{ wait: true }`, the SDK's default wait options.
 * Lag is the time from the moment the restore really finished (the emulator's `finishesAt`,
 * when its state flips) to the moment the waiter resolved; reads are the status reads the
 * waiter sent (GET attempts seen by the client's onRequest hook).
 */
import type { EmulatorFixtures } from "../src/emulator/index.js";
import { startEmulator } from "../src/emulator/index.js";
import { akskAuth, createRestoreClient } from "../src/index.js";
import { type Spread, spread } from "./lib/stats.js";

const services = ["cbr", "csbs", "vbs", "rds"] as const;
type Service = (typeof services)[number];

/** A UUID-shaped ID, distinct per kind and index. */
const uuid = (kind: number, i: number) => `00000000-0000-4000-8000-${kind.toString(16).padStart(4, "0")}${i.toString(16).padStart(8, "0")}`;
const ids = (i: number) => ({
  cbrServer: uuid(1, i), cbrVolume: uuid(2, i), cbrBackup: uuid(3, i), cbrChild: uuid(4, i),
  csbsServer: uuid(5, i), csbsVolume: uuid(6, i), checkpoint: uuid(7, i), item: uuid(8, i), itemVolumeBackup: uuid(9, i),
  vbsVolume: uuid(10, i), vbsBackup: uuid(11, i),
  rdsInstance: `${uuid(12, i).replaceAll("-", "")}in01`, rdsBackup: uuid(13, i),
});

/** One independent set of resources per restore, so that no two restores contend. */
function fixtures(perService: number): EmulatorFixtures {
  const all = Array.from({ length: perService }, (_, i) => ids(i));
  return {
    servers: all.flatMap((x) => [
      { id: x.cbrServer, name: "bench-cbr", volumeIds: [x.cbrVolume] },
      { id: x.csbsServer, name: "bench-csbs", volumeIds: [x.csbsVolume] },
    ]),
    volumes: all.flatMap((x) => [
      { id: x.cbrVolume, name: "bench-cbr", sizeGb: 40, status: "in-use" },
      { id: x.csbsVolume, name: "bench-csbs", sizeGb: 40, status: "in-use" },
      { id: x.vbsVolume, name: "bench-vbs", sizeGb: 40, status: "available" },
    ]),
    cbrBackups: all.map((x) => ({
      id: x.cbrBackup, name: "bench", resourceId: x.cbrServer, resourceType: "OS::Nova::Server" as const, status: "available",
      children: [{ id: x.cbrChild, volumeId: x.cbrVolume }],
    })),
    csbsCheckpoints: all.map((x) => ({
      id: x.checkpoint,
      items: [{ id: x.item, name: "bench", serverId: x.csbsServer, status: "available", volumeBackups: [{ id: x.itemVolumeBackup, volumeId: x.csbsVolume }] }],
    })),
    vbsBackups: all.map((x) => ({ id: x.vbsBackup, volumeId: x.vbsVolume, status: "available" })),
    rdsInstances: all.map((x) => ({
      id: x.rdsInstance, name: "bench", engine: "MySQL", version: "8.0", volumeGb: 40,
      restorableWindow: { earliest: 0, latest: 4e12 }, backupIds: [x.rdsBackup],
    })),
  };
}

export interface WaiterFigures {
  readonly restores: number;
  readonly byService: Record<Service, number>;
  /** The restores' real durations, as the emulator drew them. */
  readonly durationMs: Spread;
  /** From the restore's real end to the waiter's resolution. */
  readonly lagMs: Spread;
  readonly readsPerRestore: Spread;
  /** Every restore: service, duration, lag, reads. */
  readonly runs: readonly { service: Service; durationMs: number; lagMs: number; reads: number }[];
}

export async function measureWaiters(o: { perService: number; seed: number }): Promise<WaiterFigures> {
  // The waiters, not the rate limit, are measured here.
  const emulator = await startEmulator({ port: 0, seed: o.seed, restoreDurationMs: { min: 1000, max: 60_000 }, fixtures: fixtures(o.perService), rateLimit: false });
  try {
    const { ak, sk, projectId } = emulator.credentials;
    /** One client per restore, so that its onRequest hook counts that restore's reads alone. */
    const waitOne = async (service: Service, i: number) => {
      let reads = 0;
      const rk = createRestoreClient({
        projectId, endpoints: emulator.url, auth: akskAuth({ ak, sk }),
        onRequest: (e) => { if (e.method === "GET") reads++; },
      });
      const x = ids(i);
      let target: string;
      if (service === "cbr") {
        target = x.cbrBackup;
        await rk.cbr.restoreBackup({ backupId: x.cbrBackup, restore: { server_id: x.cbrServer, mappings: [{ backup_id: x.cbrChild, volume_id: x.cbrVolume }] } }, { wait: true });
      } else if (service === "csbs") {
        target = x.item;
        const targets = { server_id: x.csbsServer, volumes: [{ backup_id: x.itemVolumeBackup, volume_id: x.csbsVolume }] };
        await rk.csbs.createRestore({ restore: { checkpoint_id: x.checkpoint, parameters: { checkpoint_item_id: x.item, power_on: true, targets } } }, { wait: true });
      } else if (service === "vbs") {
        target = x.vbsVolume;
        await rk.vbs.restoreBackup({ backupId: x.vbsBackup, restore: { volume_id: x.vbsVolume } }, { wait: true });
      } else {
        target = x.rdsInstance;
        await rk.rds.restoreToExistingInstance({ source: { instance_id: x.rdsInstance, backup_id: x.rdsBackup }, target: { instance_id: x.rdsInstance } }, { wait: true });
      }
      const resolvedAt = Date.now();
      const record = emulator.restoreLog.find((r) => r.service === service && r.target === target);
      if (!record) throw new Error(`the emulator has no ${service} restore of ${target}`);
      return { service, durationMs: record.finishesAt - record.at, lagMs: resolvedAt - record.finishesAt, reads };
    };
    const runs = await Promise.all(Array.from({ length: o.perService }, (_, i) => services.map((s) => waitOne(s, i))).flat());
    return {
      restores: runs.length,
      byService: Object.fromEntries(services.map((s) => [s, runs.filter((r) => r.service === s).length])) as Record<Service, number>,
      durationMs: spread(runs.map((r) => r.durationMs)),
      lagMs: spread(runs.map((r) => r.lagMs)),
      readsPerRestore: spread(runs.map((r) => r.reads)),
      runs,
    };
  } finally {
    await emulator.stop();
  }
}
