import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import {
  type RestoreClientOptions,
  ValidationError,
  akskAuth,
  createCbrClient,
  createCsbsClient,
  createRdsClient,
  createVbsClient,
  waitForCbrRestore,
  waitForCsbsRestore,
  waitForRdsJob,
  waitForVbsRestore,
} from "../../src/index.js";

let emulator: Emulator;
let options: RestoreClientOptions;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 7, restoreDurationMs: 300 });
  const { ak, sk, projectId } = emulator.credentials;
  options = { cloud: "otc", region: "eu-de", projectId, auth: akskAuth({ ak, sk }), endpoints: emulator.url };
});
afterAll(() => emulator.stop());

const fast = { firstDelayMs: 50, minDelayMs: 50, maxDelayMs: 100, confirmAfterMs: 0 };

describe("single-service clients with the standalone waiters, against the emulator", () => {
  it("CBR: restores, reads the backup as restoring, and waits until it is available", async () => {
    const cbr = createCbrClient(options);
    const backupId = "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10"; // the sample's disk backup
    expect(await cbr.restoreBackup({ backupId, restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } })).toBeUndefined();
    expect((await cbr.showBackup({ backupId })).backup.status).toBe("restoring");
    const final = await waitForCbrRestore(cbr, backupId, fast);
    expect(final.backup.status).toBe("available");
    expect(emulator.restoreLog.filter((r) => r.service === "cbr" && r.target === backupId)).toHaveLength(1);
  });

  it("CSBS: fills provider_id in, and waits for the checkpoint item", async () => {
    const csbs = createCsbsClient(options);
    const accepted = await csbs.createRestore({
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
    });
    expect(accepted.restore?.id).toBeTruthy();
    const final = await waitForCsbsRestore(csbs, "504b7d59-c361-411f-9ed3-814f35d08e3d", fast);
    expect(final.checkpoint_item.status).toBe("available");
  });

  it("VBS: restores a disk and waits on the EVS disk read", async () => {
    const vbs = createVbsClient(options);
    const volumeId = "2748f2f2-4394-4e6e-af8d-8dd34496c024";
    await vbs.restoreBackup({ backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: volumeId } });
    expect((await waitForVbsRestore(vbs, volumeId, fast)).volume.status).toBe("available");
  });

  it("RDS: sends source.type backup by default, and waits for the job the restore started", async () => {
    const rds = createRdsClient(options);
    const instance = "d8e6ca5a624745bcb546a227aa3ae1cfin01";
    const { job_id } = await rds.restoreToExistingInstance({ source: { instance_id: instance, backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" }, target: { instance_id: instance } });
    expect(emulator.restoreLog.at(-1)).toMatchObject({ service: "rds", body: { source: { type: "backup" } } });
    assert(job_id, "the emulator answers with a job_id");
    const final = await waitForRdsJob(rds, job_id, fast);
    expect(final.job.status).toBe("Completed");
    expect(final.job.id).toBe(job_id);
  });

  it("validates before sending, as the full client does", async () => {
    const cbr = createCbrClient(options);
    const before = emulator.restoreLog.length;
    const error = await cbr.restoreBackup({ backupId: "b", restore: { power_on: true } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.message).toContain("A restoration names its target");
    expect(emulator.restoreLog.length).toBe(before);
  });
});
