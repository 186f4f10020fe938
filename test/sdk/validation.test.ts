import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

const rk = (projectId?: string) => createRestoreClient({ auth: tokenAuth("t-123456"), endpoints: server.url, ...(projectId ? { projectId } : {}) });

/** Asserts a ValidationError naming `path` and `rule`, and that nothing reached the server. */
async function refused(call: Promise<unknown>, path: string, rule: string): Promise<void> {
  const before = server.requests.length;
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  const issue = (error as ValidationError).issues.find((i) => i.path === path);
  expect(issue?.rule).toBe(rule);
  expect((error as Error).message).toContain(path);
  expect(server.requests.length).toBe(before);
}

describe("bad input gets a ValidationError naming the field and the rule, and nothing is sent", () => {
  it("a missing project ID", () => refused(rk().vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }), "projectId", "required"));

  it.each([
    ["empty", "", "minLength"],
    [".", ".", "pathSegment"],
    ["..", "..", "pathSegment"],
    ["a control character", "a\u0000b", "pathSegment"],
    ["a newline", "a\nb", "pathSegment"],
    ["a lone surrogate", "a\ud800", "pathSegment"],
  ])("a path parameter that is %s", (_name, value, rule) => refused(rk("p").cbr.restoreBackup({ backupId: value, restore: { volume_id: "v" } }), "backupId", rule));

  it("a header value with CR or LF", () =>
    refused(rk("p").vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }, { headers: { "X-Trace": "a\r\nInjected: 1" } }), "headers.X-Trace", "headerValue"));

  it("CBR: a whole-server restore without mappings", () =>
    refused(rk("p").cbr.restoreBackup({ backupId: "b", restore: { server_id: "s" } } as never), "restore.mappings", "required"));


  it("RDS: point in time without restore_time", () =>
    refused(rk("p").rds.restoreToExistingInstance({ source: { instance_id: "i", type: "timestamp" }, target: { instance_id: "i" } }), "source.restore_time", "required"));

  it("RDS: a backup restore without backup_id", () =>
    refused(rk("p").rds.restoreToExistingInstance({ source: { instance_id: "i" }, target: { instance_id: "i" } }), "source.backup_id", "required"));

  it("VBS: a missing volume_id", () => refused(rk("p").vbs.restoreBackup({ backupId: "b", restore: {} } as never), "restore.volume_id", "required"));

  it("an undocumented (misspelt) field", () =>
    refused(rk("p").cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v", power0n: true } } as never), "restore.power0n", "additionalProperties"));

  it("CSBS: another provider_id than the documented one", () =>
    refused(
      rk("p").csbs.createRestore({ restore: { provider_id: "x" as never, checkpoint_id: "c", parameters: { checkpoint_item_id: "i", power_on: true, targets: { server_id: "s", volumes: [] } } } }),
      "restore.provider_id",
      "const",
    ));
});

describe("what the pages allow is sent", () => {
  it("CBR: a server and a disk together, and a disk restore with empty mappings (the pages exclude neither)", async () => {
    const before = server.requests.length;
    await rk("p").cbr.restoreBackup({ backupId: "b", restore: { server_id: "s", volume_id: "v", mappings: [{ backup_id: "x", volume_id: "y" }] } });
    await rk("p").cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v", mappings: [] } });
    expect(server.requests.length).toBe(before + 2);
    expect(JSON.parse(server.requests.at(-1)?.body ?? "")).toEqual({ restore: { volume_id: "v", mappings: [] } });
  });
});
