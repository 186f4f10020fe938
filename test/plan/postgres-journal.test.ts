import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { type Journal, openPostgresJournal } from "../../src/plan/index.js";
import { journalContract } from "../support/journal-contract.js";
import { createDatabase, describePostgres } from "../support/postgres-server.js";

describePostgres("the PostgreSQL journal", (server) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await openPostgresJournal(await createDatabase(server().url, "journal"));
  });
  afterAll(() => journal?.close());

  it("applies each migration once when five workers open a fresh database together", async () => {
    const url = await createDatabase(server().url, "together");
    const journals = await Promise.all(Array.from({ length: 5 }, () => openPostgresJournal(url)));
    const [first] = journals;
    try {
      const { rows } = await (first as Journal).db.query<{ version: number }>("SELECT version FROM rk_migration ORDER BY version");
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      expect(await Promise.all(journals.map((j) => j.migrate()))).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await Promise.all(journals.map((j) => j.close()));
    }
  });

  journalContract(() => journal);

  it("rolls back a transaction whose work throws, and its connection serves again", async () => {
    const insert = "INSERT INTO rk_plan (plan_id, digest, document) VALUES ($1, 'd', '{}')";
    // More failures than the pool has connections: each must have given its connection back.
    for (let n = 0; n < 6; n++) {
      await expect(
        journal.db.transaction(async (tx) => {
          await tx.query(insert, [`rolled-back-${n}`]);
          throw new Error("the work failed");
        }),
      ).rejects.toThrow("the work failed");
    }
    // A statement the database refuses: what came before it in the transaction is gone too.
    await expect(
      journal.db.transaction(async (tx) => {
        await tx.query(insert, ["rolled-back-twice"]);
        await tx.query(insert, ["rolled-back-twice"]);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await journal.db.query<{ n: string }>("SELECT count(*) AS n FROM rk_plan WHERE plan_id LIKE 'rolled-back-%'");
    expect(Number(rows[0]?.n)).toBe(0);
    expect(await journal.db.transaction(async (tx) => (await tx.query<{ one: number }>("SELECT 1 AS one")).rows)).toEqual([{ one: 1 }]);
  });
});
