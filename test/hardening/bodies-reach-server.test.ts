import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as vbs from "../../generated/operations/vbs.js";
import { ValidationError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { validate } from "../../src/validation/validate.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";
import { valuesFor } from "../support/schema-arbitrary.js";

let server: RecordingServer;
beforeAll(async () => {
  // VBS documents a JSON body with its 202; CBR documents none.
  server = await startRecordingServer((r) =>
    r.rawUrl.startsWith("/v2/") ? { status: 202, body: JSON.stringify({ restore: { backup_id: "b1", volume_id: "v1", volume_name: "d" } }) } : { status: 202 },
  );
});
afterAll(() => server.close());

const client = () =>
  createRestoreClient({ cloud: "otc", region: "eu-de", projectId: "p1", auth: tokenAuth("tok-123456"), endpoints: server.url, maxRetries: 0 });

describe("a valid body reaches the server intact; an invalid one never reaches the network", () => {
  const cases = [
    { name: "cbr.restoreBackup", op: cbr.restoreBackup, send: (body: object) => client().cbr.restoreBackup({ backupId: "b1", ...body } as never) },
    { name: "vbs.restoreBackup", op: vbs.restoreBackup, send: (body: object) => client().vbs.restoreBackup({ backupId: "b1", ...body } as never) },
  ];
  for (const c of cases) {
    it(`${c.name}: 1500 generated bodies`, async () => {
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(valuesFor(c.op.body).filter((v) => typeof v === "object" && v !== null && !Array.isArray(v)), async (body) => {
          const before = server.requests.length;
          const valid = validate(c.op.body, body).length === 0;
          if (valid) {
            await c.send(body as object);
            expect(server.requests.length).toBe(before + 1);
            expect(server.requests.at(-1)?.body).toBe(JSON.stringify(body));
            sent++;
          } else {
            await expect(c.send(body as object)).rejects.toBeInstanceOf(ValidationError);
            expect(server.requests.length).toBe(before);
          }
        }),
        { numRuns: 1500, seed: 7 },
      );
      expect(sent).toBeGreaterThan(20);
    }, 60_000);
  }
});
