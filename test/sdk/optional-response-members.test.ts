import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MalformedResponseError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

/** The pages mark no response member as required; the SDK copes when one is missing. */
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((r) => {
    if (r.rawUrl.includes("/instances/recovery")) return { status: 200, body: "{}" };
    if (r.rawUrl.startsWith("/v2/")) return { status: 202, body: '{"restore":{}}' };
    return { status: 404, body: "{}" };
  });
});
afterAll(() => server.close());

const rk = () => createRestoreClient({ auth: tokenAuth("t-123456"), projectId: "p", endpoints: server.url });
const rds = { source: { instance_id: "i", backup_id: "b" }, target: { instance_id: "i" } };

describe("answers without the members the pages show", () => {
  it("RDS without job_id: resolves to {} without wait", async () => {
    expect(await rk().rds.restoreToExistingInstance(rds)).toEqual({});
  });

  it("RDS without job_id and { wait }: MalformedResponseError that says the restore was accepted, and no job is read", async () => {
    const before = server.requests.length;
    const error = await rk().rds.restoreToExistingInstance(rds, { wait: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toContain("no job_id");
    expect((error as Error).message).toContain("do not send it again");
    expect(server.requests.slice(before).map((r) => r.method)).toEqual(["POST"]);
  });

  it("VBS with an empty restore object resolves to it", async () => {
    expect(await rk().vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } })).toEqual({ restore: {} });
  });
});
