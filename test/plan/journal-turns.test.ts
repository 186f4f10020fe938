import { PGlite } from "@electric-sql/pglite";
import { expect, it } from "vitest";
import { migrate } from "../../src/plan/journal/migrate.js";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { Leases } from "../../src/plan/journal/leases.js";
import type { SqlClient } from "../../src/plan/journal/sql-client.js";

/** An in-memory PGlite as the journal's SqlClient. */
function client(db: PGlite): SqlClient {
  return {
    query: async <Row>(sql: string, params: readonly unknown[] = []) => ({ rows: (await db.query<Row>(sql, [...params])).rows }),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (work) => db.transaction((tx) => work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => ({ rows: (await tx.query<Row>(sql, [...params])).rows }), exec: async (sql) => void (await tx.exec(sql)) })),
    close: () => db.close(),
  };
}

it("a journal made before turns gains them: each item's rank among its service's items, and claims take the services in turn", async () => {
  const db = new PGlite();
  const sql = client(db);
  // The journal as the first two schema versions left it, with a plan whose services come in runs.
  for (const m of migrations.filter((m) => m.version <= 2)) {
    await sql.exec(m.sql);
    await sql.exec(`CREATE TABLE IF NOT EXISTS rk_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO rk_migration (version, name) VALUES (${m.version}, '${m.name}')`);
  }
  await sql.query("INSERT INTO rk_plan (plan_id, digest, document) VALUES ('old', 'd', '{}')");
  const services = ["cbr", "cbr", "cbr", "rds", "rds", "vbs"];
  for (const [n, service] of services.entries()) {
    await sql.query("INSERT INTO rk_item (plan_id, item_id, position, service, spec, budget_ms, state) VALUES ('old', $1, $2, $3, '{}', 1, 'pending')", [`i${n}`, n, service]);
  }
  expect(await migrate(sql)).toBe(migrations.length - 2);
  const { rows } = await sql.query<{ item_id: string; turn: number }>("SELECT item_id, turn FROM rk_item ORDER BY position");
  expect(rows.map((r) => r.turn)).toEqual([1, 2, 3, 1, 2, 1]);
  // The first claim of three takes one item of each service.
  const claimed = await new Leases(sql, "old", "w1", 10_000, false).claim(["pending"], 3);
  expect(claimed.items.map((i) => i.id)).toEqual(["i0", "i3", "i5"]);
  await db.close();
});
