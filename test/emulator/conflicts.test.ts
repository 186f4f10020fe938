import { afterEach, describe, expect, it } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as csbs from "../../generated/operations/csbs.js";
import * as rds from "../../generated/operations/rds.js";
import * as vbs from "../../generated/operations/vbs.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { ApiError } from "../../src/index.js";
import { operationCaller } from "../support/read-operations.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** An emulator whose restores last a minute, so that a second one meets the first still running. */
async function start() {
  emulator = await startEmulator({ port: 0, seed: 9, restoreDurationMs: 60_000, rateLimit: false });
  return { e: emulator, call: operationCaller(emulator, { maxRetries: 0 }) };
}

async function refused(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const serverRestore = { backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526", mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }] } };
const csbsRestore = {
  restore: {
    checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
    parameters: { checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d", power_on: true, targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] } },
  },
};

describe("a second restore of a resource already being restored gets the service's conflict error, and is not applied", () => {
  it("CBR: the same backup again, or another backup onto the disk being written: 400 BackupService.2010", async () => {
    const { e, call } = await start();
    await call(cbr.restoreBackup, serverRestore);
    const again = await refused(call(cbr.restoreBackup, serverRestore));
    expect([again.status, again.code]).toEqual([400, "BackupService.2010"]);
    expect(again.body).toEqual({ error_code: "BackupService.2010", error_msg: expect.stringMatching(/^The resource is being restored/) });
    // A second backup of the same server, restored onto the same disk while the first runs.
    e.state.cbrBackups.set("b2", { id: "b2", name: "second", resourceId: serverRestore.restore.server_id, resourceType: "OS::Nova::Server", status: "available", children: [{ id: "c2", volumeId: serverRestore.restore.mappings[0]?.volume_id as string }] });
    const other = await refused(call(cbr.restoreBackup, { backupId: "b2", restore: { ...serverRestore.restore, mappings: [{ backup_id: "c2", volume_id: serverRestore.restore.mappings[0]?.volume_id }] } }));
    expect([other.status, other.code]).toEqual([400, "BackupService.2010"]);
    expect(e.restoreLog).toHaveLength(1);
    expect((await call(cbr.listOpLogs, {})).count).toBe(1);
  });

  it("CBR: a backup in another state than available: 400 BackupService.2005", async () => {
    const { e, call } = await start();
    (e.state.cbrBackups.get(serverRestore.backupId) as { status: string }).status = "error";
    const error = await refused(call(cbr.restoreBackup, serverRestore));
    expect([error.status, error.code]).toEqual([400, "BackupService.2005"]);
  });

  it("CSBS: the same backup again (400 CSBS.2003), and its target server under a restore (400 CSBS.6015)", async () => {
    const { e, call } = await start();
    await call(csbs.createRestore, csbsRestore);
    const again = await refused(call(csbs.createRestore, csbsRestore));
    expect([again.status, again.code]).toEqual([400, "CSBS.2003"]);
    // Another backup of the same server, while the first restore writes to it.
    e.state.csbsCheckpoints.set("cp2", ["item2"]);
    e.state.csbsItems.set("item2", { id: "item2", name: "second", serverId: "f45c477a-57e5-465f-999f-d845083962db", status: "available", checkpointId: "cp2", volumeBackups: [{ id: "vb2", volumeId: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] });
    const server = await refused(
      call(csbs.createRestore, { restore: { ...csbsRestore.restore, checkpoint_id: "cp2", parameters: { ...csbsRestore.restore.parameters, checkpoint_item_id: "item2", targets: { ...csbsRestore.restore.parameters.targets, volumes: [{ backup_id: "vb2", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] } } } }),
    );
    expect([server.status, server.code]).toEqual([400, "CSBS.6015"]);
    expect(server.message).toContain("The server is restoring");
    expect(e.restoreLog).toHaveLength(1);
  });

  it("VBS: the same disk (409 conflictingRequest), and the same backup onto another disk while it restores (409)", async () => {
    const { e, call } = await start();
    await call(vbs.restoreBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } });
    const disk = await refused(call(vbs.restoreBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }));
    expect(disk.status).toBe(409);
    expect(Object.keys(disk.body as object)).toEqual(["conflictingRequest"]);
    e.state.volumes.set("spare", { id: "spare", name: "spare", sizeGb: 40, status: "available" });
    const backup = await refused(call(vbs.restoreBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "spare" } }));
    expect(backup.status).toBe(409);
    expect(backup.message).toContain("Invalid backup");
    expect(e.restoreLog).toHaveLength(1);
  });

  it("RDS: a target instance being restored: 409 DBS.200011", async () => {
    const { e, call } = await start();
    const body = { source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } };
    await call(rds.restoreToExistingInstance, body);
    const error = await refused(call(rds.restoreToExistingInstance, body));
    expect([error.status, error.code]).toEqual([409, "DBS.200011"]);
    expect(error.message).toContain("Another operation is being performed on the DB instance");
    expect(e.restoreLog).toHaveLength(1);
  });
});
