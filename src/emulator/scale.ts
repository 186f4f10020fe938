import type { EmulatorFixtures } from "./fixtures.js";
import { randomHex, randomUuid, seededRandom } from "./random.js";

type Fixture<K extends keyof EmulatorFixtures> = NonNullable<EmulatorFixtures[K]>[number];

/** The engines of generated RDS instances, with the suffix the vendor's IDs carry per engine, by share of 20. */
const engines = [
  ...Array<{ engine: string; version: string; suffix: string }>(10).fill({ engine: "MySQL", version: "8.0", suffix: "in01" }),
  ...Array<{ engine: string; version: string; suffix: string }>(5).fill({ engine: "PostgreSQL", version: "14", suffix: "in03" }),
  ...Array<{ engine: string; version: string; suffix: string }>(3).fill({ engine: "MySQL", version: "5.7", suffix: "in01" }),
  ...Array<{ engine: string; version: string; suffix: string }>(2).fill({ engine: "SQLServer", version: "2019_SE", suffix: "in04" }),
];

/** Every generated RDS instance can be restored to a point in the week before 2026-11-01T00:00:00Z. */
const windowEnd = Date.UTC(2026, 10, 1);
const week = 7 * 86_400_000;

export interface GenerateOptions {
  /** How many of each: servers, disk-only volumes, RDS instances. */
  readonly scale: number;
  /** Seeds every ID, size and engine; the same seed gives the same fixtures. Default 1. */
  readonly seed?: number;
}

/**
 * Fixtures for `scale` of each resource, every mapping valid, deterministic by seed:
 *
 * - servers `scale-server-00001`…, each with a system disk (40 GB) and, every other one, a
 *   data disk (100 GB), all `in-use`;
 * - as many disk-only volumes `scale-disk-…` (20 to 200 GB, `available`);
 * - per server a CBR server backup whose disk backups map to its disks, and a CSBS checkpoint
 *   with one item whose disk backups do the same; per disk-only volume a CBR disk backup and a
 *   VBS backup;
 * - RDS instances `scale-db-…` (half MySQL 8.0, a quarter PostgreSQL 14, MySQL 5.7 and SQL
 *   Server 2019 SE for the rest; 40 to 500 GB), each with two backups and a restorable week.
 *
 * IDs are UUIDs, except RDS's: 32 hex digits with the engine's suffix (`in01`, `in03`, `in04`)
 * for instances and `br01` for backups.
 */
export function generateFixtures({ scale, seed = 1 }: GenerateOptions): EmulatorFixtures {
  if (!Number.isInteger(scale) || scale < 0 || scale > 1_000_000) throw new RangeError("scale must be an integer from 0 to 1000000");
  const random = seededRandom(seed);
  const uuid = () => randomUuid(random);
  const width = Math.max(5, String(scale).length);
  const n = (i: number) => String(i + 1).padStart(width, "0");
  const servers: Fixture<"servers">[] = [];
  const volumes: Fixture<"volumes">[] = [];
  const cbrBackups: Fixture<"cbrBackups">[] = [];
  const csbsCheckpoints: Fixture<"csbsCheckpoints">[] = [];
  const vbsBackups: Fixture<"vbsBackups">[] = [];
  const rdsInstances: Fixture<"rdsInstances">[] = [];
  for (let i = 0; i < scale; i++) {
    const server = { id: uuid(), name: `scale-server-${n(i)}` };
    const disks = [{ id: uuid(), name: `${server.name}-system`, sizeGb: 40, status: "in-use" }];
    if (i % 2 === 0) disks.push({ id: uuid(), name: `${server.name}-data`, sizeGb: 100, status: "in-use" });
    servers.push({ ...server, volumeIds: disks.map((d) => d.id) });
    volumes.push(...disks);
    cbrBackups.push({
      id: uuid(),
      name: `${server.name}-backup`,
      resourceId: server.id,
      resourceType: "OS::Nova::Server",
      status: "available",
      children: disks.map((d) => ({ id: uuid(), volumeId: d.id })),
    });
    csbsCheckpoints.push({
      id: uuid(),
      items: [{ id: uuid(), name: `${server.name}-csbs`, serverId: server.id, status: "available", volumeBackups: disks.map((d) => ({ id: uuid(), volumeId: d.id })) }],
    });
    const disk = { id: uuid(), name: `scale-disk-${n(i)}`, sizeGb: 20 + 10 * Math.floor(random() * 19), status: "available" };
    volumes.push(disk);
    cbrBackups.push({ id: uuid(), name: `${disk.name}-backup`, resourceId: disk.id, resourceType: "OS::Cinder::Volume", status: "available", children: [] });
    vbsBackups.push({ id: uuid(), volumeId: disk.id, status: "available" });
    const { engine, version, suffix } = engines[i % engines.length] as (typeof engines)[number];
    rdsInstances.push({
      id: `${randomHex(random, 16)}${suffix}`,
      name: `scale-db-${n(i)}`,
      engine,
      version,
      volumeGb: 40 + 10 * Math.floor(random() * 47),
      restorableWindow: { earliest: windowEnd - week, latest: windowEnd },
      backupIds: [`${randomHex(random, 16)}br01`, `${randomHex(random, 16)}br01`],
    });
  }
  return { servers, volumes, cbrBackups, csbsCheckpoints, vbsBackups, rdsInstances };
}

/** `base` with `more` appended, resource by resource. */
export function mergeFixtures(base: EmulatorFixtures, more: EmulatorFixtures): EmulatorFixtures {
  return {
    servers: [...base.servers, ...more.servers],
    volumes: [...base.volumes, ...more.volumes],
    cbrBackups: [...base.cbrBackups, ...more.cbrBackups],
    csbsCheckpoints: [...base.csbsCheckpoints, ...more.csbsCheckpoints],
    vbsBackups: [...base.vbsBackups, ...more.vbsBackups],
    rdsInstances: [...base.rdsInstances, ...more.rdsInstances],
  };
}
