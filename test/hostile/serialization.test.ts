import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type HostileServer, startHostileServer } from "../support/hostile-server.js";

let api: HostileServer;
beforeAll(async () => {
  api = await startHostileServer((r, res) =>
    res.writeHead(r.rawUrl.includes("recovery") ? 200 : 202, { "Content-Type": "application/json" }).end(r.rawUrl.includes("recovery") ? '{"job_id":"j1"}' : ""),
  );
});
afterAll(() => api.close());

const rk = () => createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
type CbrInput = Parameters<ReturnType<typeof rk>["cbr"]["restoreBackup"]>[0];

/** Sends `input` and returns the refusal's issues; fails the test when anything reached the server. */
async function refused(send: () => Promise<unknown>): Promise<ValidationError["issues"]> {
  const before = api.requests.length;
  const error = await send().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(api.requests.length).toBe(before);
  return (error as ValidationError).issues;
}

describe("what is validated is what is sent", () => {
  it("a hole in an array is refused, not sent as null", async () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const mappings = [, { backup_id: "b2", volume_id: "v2" }] as unknown as { backup_id: string; volume_id: string }[];
    const issues = await refused(() => rk().cbr.restoreBackup({ backupId: "b1", restore: { server_id: "s1", mappings } }));
    expect(issues[0]).toMatchObject({ path: "restore.mappings[0]", rule: "json" });
  });

  it("an item whose class defines toJSON is checked as it serializes: its unvalidated fields are refused", async () => {
    class Mapping {
      constructor(
        readonly backup_id: string,
        readonly volume_id: string,
      ) {}
      toJSON() {
        return { backup_id: this.backup_id, volume_id: this.volume_id, delete_source: true };
      }
    }
    const issues = await refused(() => rk().cbr.restoreBackup({ backupId: "b1", restore: { server_id: "s1", mappings: [new Mapping("b2", "v2")] } }));
    expect(issues[0]).toMatchObject({ path: "restore.mappings[0].delete_source", rule: "additionalProperties" });
  });

  it("a top-level __proto__ member is refused, not dropped", async () => {
    const input = JSON.parse('{"backupId":"b1","restore":{"volume_id":"v1"},"__proto__":{"power_on":false}}') as CbrInput;
    const issues = await refused(() => rk().cbr.restoreBackup(input));
    expect(issues[0]).toMatchObject({ path: "__proto__", rule: "additionalProperties" });
  });

  it("restore_time: 1e300 is refused (JSON would carry 1e+300, not an integer)", async () => {
    const issues = await refused(() => rk().rds.restoreToExistingInstance({ source: { instance_id: "i1", type: "timestamp", restore_time: 1e300 }, target: { instance_id: "i1" } }));
    expect(issues[0]).toMatchObject({ path: "source.restore_time", rule: "type" });
  });

  for (const [name, value] of [
    ["NaN", Number.NaN],
    ["a function", () => "v1"],
    ["a BigInt", 1n],
    ["a lone surrogate", "v\ud800"],
  ] as const) {
    it(`${name} in the body is refused with rule json`, async () => {
      const issues = await refused(() => rk().cbr.restoreBackup({ backupId: "b1", restore: { volume_id: value as unknown as string } }));
      expect(issues[0]).toMatchObject({ path: "restore.volume_id", rule: "json" });
    });
  }

  it("a cycle is refused", async () => {
    const restore: Record<string, unknown> = { volume_id: "v1" };
    restore.self = restore;
    const issues = await refused(() => rk().cbr.restoreBackup({ backupId: "b1", restore } as unknown as CbrInput));
    expect(issues[0]?.rule).toBe("json");
  });

  it("a getter that changes its answer: the value sent is the value validated", async () => {
    let reads = 0;
    const mapping = {
      backup_id: "b2",
      get volume_id(): unknown {
        return reads++ === 0 ? "v-valid" : { evil: true };
      },
    };
    await rk().cbr.restoreBackup({ backupId: "b1", restore: { server_id: "s1", mappings: [mapping] } } as unknown as CbrInput);
    expect(JSON.parse(api.requests.at(-1)?.body ?? "")).toEqual({ restore: { server_id: "s1", mappings: [{ backup_id: "b2", volume_id: "v-valid" }] } });
  });
});
