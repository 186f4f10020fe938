import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as csbs from "../../generated/operations/csbs.js";
import * as rds from "../../generated/operations/rds.js";
import * as vbs from "../../generated/operations/vbs.js";
import { type Emulator, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { ApiError, ValidationError } from "../../src/index.js";
import { operationCaller } from "../support/read-operations.js";

const ids = {
  cbrServerBackup: "a5200268-74a5-4806-acc6-95793ab0228b",
  cbrDiskBackup: "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10",
  appServer: "94eba8b2-acc9-4d82-badc-127144cc5526",
  appDisk: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376",
  appDiskBackup: "5d822633-2bbf-4af8-a16e-5ab1c7705235",
  testVolume: "2748f2f2-4394-4e6e-af8d-8dd34496c024",
  vbsBackup: "1d1139d8-8989-49d3-8aa1-83eb691e6db2",
  csbsItem: "504b7d59-c361-411f-9ed3-814f35d08e3d",
  mysqlProd: "d8e6ca5a624745bcb546a227aa3ae1cfin01",
  mysqlProdBackup: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe",
};

let emulator: Emulator;
let call: ReturnType<typeof operationCaller>;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 5, restoreDurationMs: 700, rateLimit: false });
  call = operationCaller(emulator, { maxRetries: 0 });
});
afterAll(() => emulator.stop());

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
};

describe("the emulator serves the read operations from its model", () => {
  it("CBR: a restore is in the task list, running and then success, naming the backup and the target; the backup list shows it restoring", async () => {
    await call(cbr.restoreBackup, { backupId: ids.cbrServerBackup, restore: { server_id: ids.appServer, mappings: [{ backup_id: ids.appDiskBackup, volume_id: ids.appDisk }] } });
    const running = await call(cbr.listOpLogs, { operationType: "restore", status: "running" });
    expect(running.count).toBe(1);
    const [log] = running.operation_logs;
    expect(log).toMatchObject({ operation_type: "restore", status: "running", provider_id: "0daac4c5-6707-4851-97ba-169e36266b66", project_id: emulator.credentials.projectId });
    expect(log.extra_info.restore).toEqual({ backup_id: ids.cbrServerBackup, backup_name: "app-server-backup", target_resource_id: ids.appServer, target_resource_name: "app-server" });
    expect(log.extra_info.resource).toEqual({ id: ids.appServer, name: "app-server", type: "OS::Nova::Server" });
    expect(log.extra_info.common.request_id).toBe(emulator.restoreLog.at(-1)?.requestId);
    expect(log.ended_at).toBeUndefined();
    expect(log.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const restoring = await call(cbr.listBackups, { status: "restoring" });
    expect(restoring.backups.map((b: { id: string }) => b.id)).toEqual([ids.cbrServerBackup]);
    expect(restoring.backups[0].children[0]).toMatchObject({ id: ids.appDiskBackup, parent_id: ids.cbrServerBackup, resource_id: ids.appDisk, status: "restoring" });
    expect((await call(cbr.listBackups, { parentId: ids.cbrServerBackup })).backups.map((b: { id: string }) => b.id)).toEqual([ids.appDiskBackup]);

    await new Promise((r) => setTimeout(r, 900));
    const done = await call(cbr.listOpLogs, { resourceId: ids.appServer });
    expect(done.operation_logs[0]).toMatchObject({ id: log.id, status: "success", error_info: { code: "", message: "" } });
    expect(done.operation_logs[0].extra_info.common.progress).toBe(100);
    expect(Date.parse(done.operation_logs[0].ended_at)).toBeGreaterThanOrEqual(Date.parse(log.started_at));
    expect((await call(cbr.listOpLogs, { operationType: "backup" })).count).toBe(0);
    expect((await call(cbr.listBackups, { resourceType: "OS::Cinder::Volume" })).backups.map((b: { id: string }) => b.id)).toEqual([ids.cbrDiskBackup]);
  });

  it("CBR: pages by limit, offset and marker, and refuses what the pages do not allow", async () => {
    const all = await call(cbr.listBackups, {});
    expect(all).toMatchObject({ count: 2, offset: 0, limit: 1000 });
    const second = await call(cbr.listBackups, { limit: 1, offset: 1 });
    expect(second.backups.map((b: { id: string }) => b.id)).toEqual([ids.cbrDiskBackup]);
    expect((await call(cbr.listBackups, { marker: ids.cbrServerBackup })).backups.map((b: { id: string }) => b.id)).toEqual([ids.cbrDiskBackup]);
    // The spec's minimum, checked before sending: the task list's offset is a positive integer.
    await expect(call(cbr.listOpLogs, { offset: 0 })).rejects.toBeInstanceOf(ValidationError);
    const tooMany = await refusal(call(cbr.listBackups, { limit: 1001 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.message).toContain("documented maximum of 1000");
    expect((await refusal(call(cbr.listOpLogs, { startTime: "yesterday" }))).status).toBe(400);
  });

  it("CSBS: lists checkpoint items by status, resource and checkpoint, with disk backups", async () => {
    const items = await call(csbs.listCheckpointItems, { resourceId: "f45c477a-57e5-465f-999f-d845083962db" });
    expect(items.checkpoint_items).toHaveLength(1);
    expect(items.checkpoint_items[0]).toMatchObject({ id: ids.csbsItem, checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09", status: "available", resource_type: "OS::Nova::Server" });
    expect(items.checkpoint_items[0].extend_info.volume_backups[0]).toMatchObject({ id: "bc118c24-3234-4afd-8423-d66d3d677649", source_volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" });
    expect((await call(csbs.listCheckpointItems, { status: "restoring" })).checkpoint_items).toEqual([]);
    expect((await call(csbs.listCheckpointItems, { name: "db-server" })).checkpoint_items).toHaveLength(1);
    expect((await refusal(call(csbs.listCheckpointItems, { marker: "not-an-item" }))).status).toBe(400);
  });

  it("CSBS: sorts checkpoint items by the documented keys, and refuses a sort it does not document", async () => {
    const scaled = await startEmulator({ port: 0, seed: 5, fixtures: generateFixtures({ scale: 6, seed: 5 }), rateLimit: false });
    const call = operationCaller(scaled, { maxRetries: 0 });
    onTestFinished(() => scaled.stop());
    const all = (await call(csbs.listCheckpointItems, {})).checkpoint_items as { id: string; updated_at: string }[];
    expect(all.length).toBeGreaterThan(1);
    const byId = (await call(csbs.listCheckpointItems, { sort: "id:asc" })).checkpoint_items.map((i: { id: string }) => i.id);
    expect(byId).toEqual(all.map((i) => i.id).sort());
    // The direction is `desc` unless given.
    expect((await call(csbs.listCheckpointItems, { sort: "id" })).checkpoint_items.map((i: { id: string }) => i.id)).toEqual([...byId].reverse());
    const updated = (await call(csbs.listCheckpointItems, { sort: "updated_at:desc,id:asc" })).checkpoint_items as { id: string; updated_at: string }[];
    for (let n = 1; n < updated.length; n++) expect((updated[n - 1]?.updated_at ?? "") >= (updated[n]?.updated_at ?? "")).toBe(true);
    const refused = await refusal(call(csbs.listCheckpointItems, { sort: "size:desc" }));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/sort/);
  });

  it("VBS: the backup reads restoring while a restore from it runs; EVS reads many disks by ids", async () => {
    expect((await call(vbs.showBackup, { backupId: ids.vbsBackup })).backup).toMatchObject({ id: ids.vbsBackup, status: "available", volume_id: ids.testVolume, size: 40 });
    await call(vbs.restoreBackup, { backupId: ids.vbsBackup, restore: { volume_id: ids.testVolume } });
    expect((await call(vbs.showBackup, { backupId: ids.vbsBackup })).backup.status).toBe("restoring");
    expect((await call(vbs.listBackupsDetail, { status: "restoring" })).backups.map((b: { id: string }) => b.id)).toEqual([ids.vbsBackup]);
    const disks = await call(vbs.listVolumes, { ids: `['${ids.testVolume}','${ids.appDisk}','no-such-disk']` });
    expect(disks.count).toBe(2);
    expect(disks.volumes.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([
      [ids.testVolume, "restoring-backup"],
      [ids.appDisk, "in-use"],
    ]);
    expect(disks.volumes[1].attachments[0]).toMatchObject({ server_id: ids.appServer, volume_id: ids.appDisk });
    const paged = await call(vbs.listVolumes, { limit: 1 });
    expect(paged.count).toBe(3);
    expect(paged.volumes_links[0].rel).toBe("next");
    await new Promise((r) => setTimeout(r, 900));
    expect((await call(vbs.showBackup, { backupId: ids.vbsBackup })).backup.status).toBe("available");
  });

  it("EVS answers in its own error shape, and refuses more than 60 ids", async () => {
    const many = Array.from({ length: 61 }, (_, i) => `'disk-${i}'`).join(",");
    const error = await refusal(call(vbs.listVolumes, { ids: `[${many}]` }));
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ error: { message: expect.stringContaining("at most 60"), code: "EVS.4001" } });
    const missing = await refusal(call(vbs.showBackup, { backupId: "nope" }));
    expect(missing.body).toEqual({ itemNotFound: { code: 404, message: "Backup nope could not be found." } });
  });

  it("RDS: instances with engine, version and volume, RESTORING during a restore, whose task the task list holds", async () => {
    const listed = await call(rds.listInstances, { id: ids.mysqlProd });
    expect(listed.total_count).toBe(1);
    expect(listed.instances[0]).toMatchObject({ id: ids.mysqlProd, status: "ACTIVE", datastore: { type: "MySQL", version: "5.7" }, volume: { size: 100 } });
    expect((await call(rds.listInstances, { datastoreType: "SQLServer" })).total_count).toBe(2);
    expect((await call(rds.listInstances, { name: "*staging" })).instances.map((i: { name: string }) => i.name)).toEqual(["mysql-staging"]);
    const { job_id } = await call(rds.restoreToExistingInstance, { source: { instance_id: ids.mysqlProd, backup_id: ids.mysqlProdBackup }, target: { instance_id: ids.mysqlProd } });
    expect((await call(rds.listInstances, { id: ids.mysqlProd })).instances[0].status).toBe("RESTORING");
    const tasks = await call(rds.listTasks, { instanceId: ids.mysqlProd });
    expect(tasks.total_count).toBe(1);
    expect(tasks.tasks[0]).toMatchObject({ id: job_id, status: "Running", instance_status: "RESTORING", instance_id: ids.mysqlProd });
    expect(tasks.tasks[0].create_time).toMatch(/\+0000$/);
    await new Promise((r) => setTimeout(r, 900));
    expect((await call(rds.listTasks, { status: "Completed" })).tasks[0]).toMatchObject({ id: job_id, process: "", instance_status: "ACTIVE" });
    await expect(call(rds.listTasks, { limit: 51 })).rejects.toMatchObject({ status: 400 });
  });

  it("RDS: backups of an instance (instance_id routes the shared path to RDS, not CBR) and its restorable window", async () => {
    const backups = await call(rds.listBackups, { instanceId: ids.mysqlProd });
    expect(backups).toMatchObject({ total_count: 1, backups: [{ id: ids.mysqlProdBackup, status: "COMPLETED", instance_id: ids.mysqlProd, datastore: { type: "MySQL", version: "5.7" } }] });
    expect((await refusal(call(rds.listBackups, { instanceId: ids.mysqlProd, beginTime: "2018-07-18T00:00:00+0000" }))).message).toContain("together");
    expect((await refusal(call(rds.listBackups, { instanceId: "missing" }))).status).toBe(404);
    expect(await call(rds.showRestoreTime, { instanceId: ids.mysqlProd })).toEqual({ restore_time: [{ start_time: 1531900000000, end_time: 1532100000000 }] });
    expect(await call(rds.showRestoreTime, { instanceId: ids.mysqlProd, date: "2018-07-19" })).toEqual({ restore_time: [{ start_time: 1531958400000, end_time: 1532044799999 }] });
    expect(await call(rds.showRestoreTime, { instanceId: ids.mysqlProd, date: "2020-01-01" })).toEqual({ restore_time: [] });
    expect((await refusal(call(rds.showRestoreTime, { instanceId: ids.mysqlProd, date: "19 July" }))).status).toBe(400);
  });

  it("the typed openapi-fetch client reads integer query parameters as integers", async () => {
    const { createRestoreClient, akskAuth } = await import("../../src/index.js");
    const { ak, sk, projectId } = emulator.credentials;
    const rk = createRestoreClient({ cloud: "otc", region: "eu-de", projectId, auth: akskAuth({ ak, sk }), endpoints: emulator.url });
    const { data, response } = await rk.rds.client.GET("/v3/{project_id}/instances", { params: { path: { project_id: projectId }, query: { limit: 2, offset: 1 } } });
    expect(response.status).toBe(200);
    expect(data?.instances?.map((i) => i.name)).toEqual(["mysql-staging", "mysql-small"]);
  });
});
