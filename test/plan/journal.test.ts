import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Journal, openPgliteJournal } from "../../src/plan/index.js";
import { journalContract } from "../support/journal-contract.js";

let journal: Journal;
const dir = mkdtempSync(join(tmpdir(), "restorekit-journal-"));
beforeAll(async () => {
  journal = await openPgliteJournal(dir);
}, 60_000);
afterAll(() => journal.close());

describe("the PGlite journal", () => {
  journalContract(() => journal);

  it("survives a reopen: migrations run once, and every committed move is there", async () => {
    await journal.close();
    journal = await openPgliteJournal(dir);
    expect(await journal.migrate()).toBe(0);
    expect((await journal.items("p3"))[0]?.state).toBe("sending");
  });
});
