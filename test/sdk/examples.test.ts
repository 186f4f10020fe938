import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestoreClient, tokenAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((r) => {
    if (r.rawUrl.includes("/instances/recovery")) return { status: 200, body: '{"job_id":"ff80808157127d9301571bf8160c001d"}' };
    if (r.rawUrl.startsWith("/v1/")) return { status: 200, body: '{"restore":{"id":"d3a54e80-6483-485d-98f6-c0409e6f2e0a","status":"in_progress"}}' };
    if (r.rawUrl.startsWith("/v2/")) return { status: 202, body: '{"restore":{"backup_id":"1d1139d8-8989-49d3-8aa1-83eb691e6db2","volume_id":"2748f2f2-4394-4e6e-af8d-8dd34496c024","volume_name":"test_volume"}}' };
    return { status: 202 };
  });
});
afterAll(() => server.close());

const client = (projectId: string) => createRestoreClient({ cloud: "otc", region: "eu-de", projectId, auth: tokenAuth("example-token-1"), endpoints: server.url });
const last = () => server.requests.at(-1);

describe("the reference pages' example requests come out exactly as documented", () => {
  it("CBR (pages 000/001): whole-server restore, 202 with no body", async () => {
    const body = {
      restore: {
        mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
        power_on: true,
        server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
      },
    };
    const out = await client("f841e01fd2b14e7fa41b6ae7aa6b0594").cbr.restoreBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b", ...body });
    expect(out).toBeUndefined();
    expect(last()?.method).toBe("POST");
    expect(last()?.rawUrl).toBe("/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore");
    expect(last()?.headers["content-type"]).toBe("application/json");
    expect(last()?.headers["x-auth-token"]).toBe("example-token-1");
    expect(last()?.body).toBe(JSON.stringify(body));
  });

  it("CBR: power_on: false is sent as false", async () => {
    await client("p").cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v", power_on: false } });
    expect(JSON.parse(last()?.body ?? "")).toEqual({ restore: { volume_id: "v", power_on: false } });
  });

  it("CSBS (page 002): provider_id is filled in; resolves to the record (200)", async () => {
    const parameters = {
      checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
      power_on: true,
      targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] },
    };
    const out = await client("b942cc8342734d15bcb246babb1953cf").csbs.createRestore({ restore: { checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09", parameters } });
    expect(out.restore?.status).toBe("in_progress");
    expect(last()?.rawUrl).toBe("/v1/b942cc8342734d15bcb246babb1953cf/restores");
    expect(JSON.parse(last()?.body ?? "")).toEqual({
      restore: { checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09", parameters, provider_id: "fc4d5750-22e7-4798-8a46-f48f62c4c1da" },
    });
  });

  it("VBS (page 003): resolves to { restore: { backup_id, volume_id, volume_name } }", async () => {
    const out = await client("p3").vbs.restoreBackup({ backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } });
    expect(out.restore?.volume_name).toBe("test_volume");
    expect(last()?.rawUrl).toBe("/v2/p3/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore");
    expect(last()?.body).toBe('{"restore":{"volume_id":"2748f2f2-4394-4e6e-af8d-8dd34496c024"}}');
  });

  it("RDS (page 004): both examples; type defaults to backup; no empty backup_id in point-in-time mode", async () => {
    const rds = client("0483b6b16e954cb88930a360d2c4e663").rds;
    const fromBackup = { source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "backup" as const, backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } };
    expect(await rds.restoreToExistingInstance(fromBackup)).toEqual({ job_id: "ff80808157127d9301571bf8160c001d" });
    expect(last()?.rawUrl).toBe("/v3/0483b6b16e954cb88930a360d2c4e663/instances/recovery");
    expect(last()?.body).toBe(JSON.stringify(fromBackup));
    const pointInTime = { source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp" as const, restore_time: 1532001446987 }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } };
    await rds.restoreToExistingInstance(pointInTime);
    expect(last()?.body).toBe(JSON.stringify(pointInTime));
    await rds.restoreToExistingInstance({ source: { instance_id: "i", type: "timestamp", restore_time: 5, backup_id: "" }, target: { instance_id: "i" } });
    expect(JSON.parse(last()?.body ?? "").source).toEqual({ instance_id: "i", type: "timestamp", restore_time: 5 });
    await rds.restoreToExistingInstance({ source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } });
    expect(JSON.parse(last()?.body ?? "").source).toEqual({ instance_id: "i", backup_id: "b", type: "backup" });
  });

  it("the per-call projectId overrides the client's", async () => {
    await client("p-default").vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { projectId: "p-call" });
    expect(last()?.rawUrl).toBe("/v2/p-call/backups/b/restore");
  });
});
