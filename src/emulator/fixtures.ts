import { readFileSync } from "node:fs";
import { FixturesError, checkFixtures } from "./fixtures-check.js";

/**
 * The resources the emulator starts with. IDs are the services' own. `fixtures.schema.json`
 * (published as `restorekit/emulator/fixtures.schema.json`) describes the same shape, and a test
 * keeps the two equal: change both.
 */
export interface EmulatorFixtures {
  readonly servers: readonly { readonly id: string; readonly name: string; readonly volumeIds: readonly string[] }[];
  readonly volumes: readonly { readonly id: string; readonly name: string; readonly sizeGb: number; readonly status: string }[];
  /** CBR backups: of a server (with one child backup per disk) or of a disk. */
  readonly cbrBackups: readonly {
    readonly id: string;
    readonly name: string;
    readonly resourceId: string;
    readonly resourceType: "OS::Nova::Server" | "OS::Cinder::Volume";
    readonly status: string;
    readonly children: readonly { readonly id: string; readonly volumeId: string }[];
  }[];
  /** CSBS backup records (checkpoints) and their backups (checkpoint items). */
  readonly csbsCheckpoints: readonly {
    readonly id: string;
    readonly items: readonly {
      readonly id: string;
      readonly name: string;
      readonly serverId: string;
      readonly status: string;
      readonly volumeBackups: readonly { readonly id: string; readonly volumeId: string }[];
    }[];
  }[];
  readonly vbsBackups: readonly { readonly id: string; readonly volumeId: string; readonly status: string }[];
  readonly rdsInstances: readonly {
    readonly id: string;
    readonly name: string;
    readonly engine: string;
    readonly version: string;
    readonly volumeGb: number;
    /** Point-in-time restores must fall in [earliest, latest], UTC milliseconds. */
    readonly restorableWindow: { readonly earliest: number; readonly latest: number };
    readonly backupIds: readonly string[];
  }[];
  /**
   * Agencies of the emulated account that `iam.createTemporaryAccessKeyByAgency` lets any caller
   * of the account act as; none when absent. A request names the account by `domainName` (or
   * `domainId`, when given here) and the agency by `agencyName`.
   */
  readonly agencies?: readonly { readonly domainName: string; readonly domainId?: string; readonly agencyName: string }[];
}

/**
 * The built-in sample: every ID the reference pages' examples use exists, plus a few resources
 * that exercise the refusals (a SQL Server instance, a smaller one, one on another version).
 */
export const sampleFixtures: EmulatorFixtures = {
  servers: [
    { id: "94eba8b2-acc9-4d82-badc-127144cc5526", name: "app-server", volumeIds: ["eccbcfdd-f843-4bbb-b2c0-a5ce861f9376"] },
    { id: "f45c477a-57e5-465f-999f-d845083962db", name: "db-server", volumeIds: ["ee27f809-6fb5-40ae-ac46-c932bb4ee8fe"] },
  ],
  volumes: [
    { id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376", name: "app-server-system", sizeGb: 40, status: "in-use" },
    { id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe", name: "db-server-system", sizeGb: 40, status: "in-use" },
    { id: "2748f2f2-4394-4e6e-af8d-8dd34496c024", name: "test_volume", sizeGb: 40, status: "available" },
  ],
  cbrBackups: [
    {
      id: "a5200268-74a5-4806-acc6-95793ab0228b",
      name: "app-server-backup",
      resourceId: "94eba8b2-acc9-4d82-badc-127144cc5526",
      resourceType: "OS::Nova::Server",
      status: "available",
      children: [{ id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volumeId: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
    },
    {
      id: "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10",
      name: "test-volume-backup",
      resourceId: "2748f2f2-4394-4e6e-af8d-8dd34496c024",
      resourceType: "OS::Cinder::Volume",
      status: "available",
      children: [],
    },
  ],
  csbsCheckpoints: [
    {
      id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
      items: [
        {
          id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
          name: "db-server-backup",
          serverId: "f45c477a-57e5-465f-999f-d845083962db",
          status: "available",
          volumeBackups: [{ id: "bc118c24-3234-4afd-8423-d66d3d677649", volumeId: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }],
        },
      ],
    },
  ],
  vbsBackups: [{ id: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", volumeId: "2748f2f2-4394-4e6e-af8d-8dd34496c024", status: "available" }],
  rdsInstances: [
    {
      id: "d8e6ca5a624745bcb546a227aa3ae1cfin01",
      name: "mysql-prod",
      engine: "MySQL",
      version: "5.7",
      volumeGb: 100,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: ["2f4ddb93-b901-4b08-93d8-1d2e472f30fe"],
    },
    {
      id: "0a3b5c7d9e1f4a2b8c6d0e2f4a6b8c0din01",
      name: "mysql-staging",
      engine: "MySQL",
      version: "5.7",
      volumeGb: 200,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: [],
    },
    {
      id: "1b2c3d4e5f6a4b7c8d9e0f1a2b3c4d5ein01",
      name: "mysql-small",
      engine: "MySQL",
      version: "5.7",
      volumeGb: 40,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: [],
    },
    {
      id: "2c3d4e5f6a7b4c8d9e0f1a2b3c4d5e6fin01",
      name: "mysql-8",
      engine: "MySQL",
      version: "8.0",
      volumeGb: 200,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: [],
    },
    {
      id: "3d4e5f6a7b8c4d9e0f1a2b3c4d5e6f7ain04",
      name: "sqlserver-prod",
      engine: "SQLServer",
      version: "2019_SE",
      volumeGb: 100,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: ["4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"],
    },
    {
      id: "4e5f6a7b8c9d4e0fa1b2c3d4e5f6a7b8in04",
      name: "sqlserver-dr",
      engine: "SQLServer",
      version: "2019_SE",
      volumeGb: 100,
      restorableWindow: { earliest: 1531900000000, latest: 1532100000000 },
      backupIds: [],
    },
  ],
};

/**
 * Fixtures from an object, a JSON file, or the sample, checked (`FixturesError` names the file
 * and the field at fault) and deep-copied so that runs never share state.
 */
export function loadFixtures(source: EmulatorFixtures | string | undefined): EmulatorFixtures {
  if (source === undefined) return structuredClone(sampleFixtures);
  if (typeof source !== "string") return checkFixtures(structuredClone(source), "fixtures");
  let text: string;
  try {
    text = readFileSync(source, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FixturesError(`fixtures file ${source}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? String(error))}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FixturesError(`fixtures file ${source}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return checkFixtures(parsed, `fixtures file ${source}`);
}
