import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, createRestoreClient, tokenAuth } from "../../src/index.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

/** Strings chosen to break URLs: separators, dot segments, percent signs, controls, Unicode, 10 kB. */
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom("/", ".", "%", "?", "#", "\\", ";", "&", "=", "+", " ", "a", "é", "\u0000", "\n", "\u007f", "\u202e", "\ud83d\ude00"), maxLength: 12 }),
  fc.constantFrom(".", "..", "", "%2e%2e", "%2F", "a/../b", "..%2F", "%", "%zz", "\ud800", "x\r\ny"),
  fc.string({ minLength: 10_000, maxLength: 10_050, unit: "grapheme-ascii" }),
);

describe("path parameters", () => {
  it("either arrive as exactly one segment that decodes to the input, or are refused with nothing sent", async () => {
    const rk = createRestoreClient({ cloud: "otc", region: "eu-de", projectId: "p1", auth: tokenAuth("tok-123456"), endpoints: server.url, maxRetries: 0 });
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (backupId) => {
        const before = server.requests.length;
        try {
          await rk.cbr.restoreBackup({ backupId, restore: { volume_id: "v1" } });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues[0]?.path).toBe("backupId");
          expect(server.requests.length).toBe(before);
          refused++;
          return;
        }
        expect(server.requests.length).toBe(before + 1);
        const segments = (server.requests.at(-1)?.rawUrl ?? "").split("?")[0]?.split("/") ?? [];
        expect(segments).toHaveLength(6);
        expect(segments.slice(0, 4)).toEqual(["", "v3", "p1", "backups"]);
        expect(segments[5]).toBe("restore");
        expect(decodeURIComponent(segments[4] ?? "")).toBe(backupId);
      }),
      { numRuns: 2000, seed: 11 },
    );
    expect(refused).toBeGreaterThan(0);
  }, 60_000);
});
