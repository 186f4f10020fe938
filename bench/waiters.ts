import type { EmulatorFixtures } from "../src/emulator/index.js";
import { startEmulator } from "../src/emulator/index.js";
import { akskAuth, createRestoreClient } from "../src/index.js";
import { seededRandom } from "../src/emulator/random.js";
import { type Spread, spread } from "./lib/stats.js";

const services = ["cbr", "csbs", "vbs", "rds"] as const;

/** Fixtures with one independent resource set per restore, so that restores never collide. */
function fixtures(perService: number): EmulatorFixtures {
  const ids = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, "0")}`;
  const f = { servers: [], volumes: [], cbrBackups: [], csbsCheckpoints: [], vbsBackups: [], rdsInstances: [] } as unknown as {
    -readonly [K in keyof EmulatorFixtures]: EmulatorFixtures[K][number][];
  };
  for (let i = 0; i < perService; i++) {
    f.servers.push({ id: ids("srv-cbr", i), name: "s", volumeIds: [ids("vol-cbr", i)] }, { id: ids("srv-csbs", i), name: "s", volumeIds: [ids("vol-csbs", i)] });
    f.volumes.push(
      { id: ids("vol-cbr", i), name: "v", sizeGb: 10, status: "in-use" },
      { id: ids("vol-csbs", i), name: "v", sizeGb: 10, status: "in-use" },
      { id: ids("vol-vbs", i), name: "v", sizeGb: 10, status: "available" },
    );
    f.cbrBackups.push({ id: ids("bak-cbr", i), name: "b", resourceId: ids("srv-cbr", i), resourceType: "OS::Nova::Server", status: "available", children: [{ id: ids("child-cbr", i), volumeId: ids("vol-cbr", i) }] });
    f.csbsCheckpoints.push({ id: ids("cp", i), items: [{ id: ids("item", i), name: "i", serverId: ids("srv-csbs", i), status: "available", volumeBackups: [{ id: ids("vb", i), volumeId: ids("vol-csbs", i) }] }] });
    f.vbsBackups.push({ id: ids("bak-vbs", i), volumeId: ids("vol-vbs", i), status: "available" });
    f.rdsInstances.push({ id: ids("rds", i), name: "r", engine: "MySQL", version: "8.0", volumeGb: 40, restorableWindow: { earliest: 0, latest: 2e12 }, backupIds: [ids("bak-rds", i)] });
  }
  return f as unknown as EmulatorFixtures;
}

export interface WaiterFigures {
  readonly restores: number;
  readonly durationsMs: Spread;
  readonly lagMs: Spread;
  readonly readsPerRestore: Spread;
}

/**
 * Runs restores lasting 1–60 s (drawn per restore) against the emulator, all at once, each
 * awaited with the SDK's default wait options; measures how late each waiter resolved after its
 * restore really finished, and how many status reads it spent.
 */
export async function measureWaiters(perService: number, seed: number): Promise<WaiterFigures> {
  const emulator = await startEmulator({ port: 0, seed, fixtures: fixtures(perService), restoreDurationMs: { min: 1000, max: 60_000 } });
  const reads = new Map<string, number>();
  const { ak, sk, projectId } = emulator.credentials;
  const rk = createRestoreClient({
    projectId,
    auth: akskAuth({ ak, sk }),
    endpoints: emulator.url,
    onRequest: (e) => {
      if (e.method === "GET") reads.set(e.url, (reads.get(e.url) ?? 0) + 1);
    },
  });
  const random = seededRandom(seed);
  const id = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, "0")}`;
  const runs: Promise<{ target: string; resolvedAt: number; readKey: string }>[] = [];
  for (let i = 0; i < perService; i++) {
    for (const service of services) {
      // Stagger the starts a little, as real runbooks do.
      const start = new Promise((r) => setTimeout(r, Math.floor(random() * 2000)));
      runs.push(
        start.then(async () => {
          if (service === "cbr") {
            await rk.cbr.restoreBackup({ backupId: id("bak-cbr", i), restore: { server_id: id("srv-cbr", i), mappings: [{ backup_id: id("child-cbr", i), volume_id: id("vol-cbr", i) }] } }, { wait: true });
            return { target: id("bak-cbr", i), resolvedAt: Date.now(), readKey: `/backups/${id("bak-cbr", i)}` };
          }
          if (service === "csbs") {
            await rk.csbs.createRestore({ restore: { checkpoint_id: id("cp", i), parameters: { checkpoint_item_id: id("item", i), power_on: true, targets: { server_id: id("srv-csbs", i), volumes: [{ backup_id: id("vb", i), volume_id: id("vol-csbs", i) }] } } } }, { wait: true });
            return { target: id("item", i), resolvedAt: Date.now(), readKey: `/checkpoint_items/${id("item", i)}` };
          }
          if (service === "vbs") {
            await rk.vbs.restoreBackup({ backupId: id("bak-vbs", i), restore: { volume_id: id("vol-vbs", i) } }, { wait: true });
            return { target: id("vol-vbs", i), resolvedAt: Date.now(), readKey: `/volumes/${id("vol-vbs", i)}` };
          }
          await rk.rds.restoreToExistingInstance({ source: { instance_id: id("rds", i), backup_id: id("bak-rds", i) }, target: { instance_id: id("rds", i) } }, { wait: true });
          return { target: id("rds", i), resolvedAt: Date.now(), readKey: `rds:${id("rds", i)}` };
        }),
      );
    }
  }
  const done = await Promise.all(runs);
  const lags: number[] = [];
  const durations: number[] = [];
  const readCounts: number[] = [];
  for (const d of done) {
    const record = emulator.restoreLog.find((r) => r.target === d.target);
    if (!record) throw new Error(`no restore recorded for ${d.target}`);
    lags.push(d.resolvedAt - record.finishesAt);
    durations.push(record.finishesAt - record.at);
    const count = d.readKey.startsWith("rds:")
      ? [...reads].filter(([url]) => url.includes("/jobs?id=") && emulator.state.rdsJobs.get(decodeURIComponent(url.split("id=")[1] ?? ""))?.instanceId === d.readKey.slice(4)).reduce((s, [, n]) => s + n, 0)
      : [...reads].filter(([url]) => url.endsWith(d.readKey)).reduce((s, [, n]) => s + n, 0);
    readCounts.push(count);
  }
  await emulator.stop();
  return { restores: done.length, durationsMs: spread(durations), lagMs: spread(lags), readsPerRestore: spread(readCounts) };
}
