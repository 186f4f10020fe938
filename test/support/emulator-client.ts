import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { type RestoreClient, type RestoreClientOptions, akskAuth, createRestoreClient } from "../../src/index.js";

/** An emulator on a free port and an AK/SK-signed client pointed at it. */
export async function emulatorWithClient(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<RestoreClientOptions> = {},
): Promise<{ emulator: Emulator; rk: RestoreClient }> {
  const emulator = await startEmulator({ port: 0, seed: 42, ...emulatorOptions });
  const { ak, sk, projectId } = emulator.credentials;
  const rk = createRestoreClient({
    cloud: "otc",
    region: "eu-de",
    projectId,
    auth: akskAuth({ ak, sk }),
    endpoints: emulator.url,
    baseDelayMs: 5,
    maxDelayMs: 20,
    ...clientOptions,
  });
  return { emulator, rk };
}

/** The four services' example restores and how to wait for each; the waiter tests loop over them. */
export const restores = {
  cbr: {
    start: (rk: RestoreClient) =>
      rk.cbr.restoreBackup({
        backupId: "a5200268-74a5-4806-acc6-95793ab0228b",
        restore: {
          server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
          mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
        },
      }),
    wait: (rk: RestoreClient, options: Parameters<RestoreClient["cbr"]["waitForRestore"]>[1]) => rk.cbr.waitForRestore("a5200268-74a5-4806-acc6-95793ab0228b", options),
    route: "cbr.restoreBackup",
    read: "cbr.showBackup",
    finalStatus: "available",
    failedStatus: "error",
  },
  csbs: {
    start: (rk: RestoreClient) =>
      rk.csbs.createRestore({
        restore: {
          checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
          parameters: {
            checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
            power_on: true,
            targets: {
              server_id: "f45c477a-57e5-465f-999f-d845083962db",
              volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }],
            },
          },
        },
      }),
    wait: (rk: RestoreClient, options: Parameters<RestoreClient["csbs"]["waitForRestore"]>[1]) => rk.csbs.waitForRestore("504b7d59-c361-411f-9ed3-814f35d08e3d", options),
    route: "csbs.createRestore",
    read: "csbs.showCheckpointItem",
    finalStatus: "available",
    failedStatus: "error",
  },
  vbs: {
    start: (rk: RestoreClient) => rk.vbs.restoreBackup({ backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }),
    wait: (rk: RestoreClient, options: Parameters<RestoreClient["vbs"]["waitForRestore"]>[1]) => rk.vbs.waitForRestore("2748f2f2-4394-4e6e-af8d-8dd34496c024", options),
    route: "vbs.restoreBackup",
    read: "vbs.showVolume",
    finalStatus: "available",
    failedStatus: "error_restoring",
  },
  rds: {
    start: (rk: RestoreClient) =>
      rk.rds.restoreToExistingInstance({
        source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "backup", backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" },
        target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" },
      }),
    wait: (rk: RestoreClient, options: Parameters<RestoreClient["rds"]["waitForJob"]>[1], jobId = "") => rk.rds.waitForJob(jobId, options),
    route: "rds.restoreToExistingInstance",
    read: "rds.showJob",
    finalStatus: "Completed",
    failedStatus: "Failed",
  },
} as const;

export type ServiceKey = keyof typeof restores;
