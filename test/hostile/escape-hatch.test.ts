import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type HostileServer, startHostileServer } from "../support/hostile-server.js";

let api: HostileServer;
beforeAll(async () => {
  api = await startHostileServer((r, res) =>
    r.method === "GET" ? res.writeHead(200, { "Content-Type": "application/json" }).end('{"job":{"id":"j1","status":"Running"}}') : res.writeHead(202).end(),
  );
});
afterAll(() => api.close());

const rk = () => createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: `${api.url}/base` });

/** Runs `send` and expects a refusal with nothing sent. */
async function refused(send: () => Promise<unknown>): Promise<ValidationError> {
  const before = api.requests.length;
  const error = await send().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(api.requests.length).toBe(before);
  return error as ValidationError;
}

describe("the openapi-fetch escape hatch (rk.<service>.client) meets the typed methods' checks", () => {
  it('a backup_id of ".." cannot turn the restore into another path, while a valid one goes where the typed method sends it', async () => {
    for (const backupId of ["..", "."]) {
      const error = await refused(() => rk().cbr.client.POST("/v3/{project_id}/backups/{backup_id}/restore", { params: { path: { project_id: "p1", backup_id: backupId } }, body: { restore: { volume_id: "v1" } } }));
      expect(error.issues[0]?.rule).toMatch(/operation|pathSegment/);
    }
    const { response } = await rk().cbr.client.POST("/v3/{project_id}/backups/{backup_id}/restore", { params: { path: { project_id: "p1", backup_id: "b 1" } }, body: { restore: { volume_id: "v1" } } });
    expect(response.status).toBe(202);
    expect(api.requests.at(-1)?.rawUrl).toBe("/base/v3/p1/backups/b%201/restore");
    expect(JSON.parse(api.requests.at(-1)?.body ?? "")).toEqual({ restore: { volume_id: "v1" } });
    const { data } = await rk().rds.client.GET("/v3/{project_id}/jobs", { params: { path: { project_id: "p1" }, query: { id: "j1" } } });
    expect(data?.job.status).toBe("Running");
  });

  it("an undocumented body field is refused", async () => {
    const body = { restore: { volume_id: "v1", delete_everything: true } } as unknown as { restore: { volume_id: string } };
    const error = await refused(() => rk().cbr.client.POST("/v3/{project_id}/backups/{backup_id}/restore", { params: { path: { project_id: "p1", backup_id: "b1" } }, body }));
    expect(error.issues[0]).toMatchObject({ path: "restore.delete_everything", rule: "additionalProperties" });
  });

  it("an undocumented query parameter and a missing path parameter are refused", async () => {
    await refused(() => rk().rds.client.GET("/v3/{project_id}/jobs", { params: { path: { project_id: "p1" }, query: { id: "j1", extra: "x" } as unknown as { id: string } } }));
    const error = await refused(() => rk().cbr.client.POST("/v3/{project_id}/backups/{backup_id}/restore", { params: { path: { project_id: "p1" } } as never, body: { restore: { volume_id: "v1" } } }));
    expect(error.issues[0]?.path).toBe("backupId");
  });
});
