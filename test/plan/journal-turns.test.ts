import { PGlite } from "@electric-sql/pglite";
import { expect, it } from "vitest";
import { migrate } from "../../src/plan/journal/migrate.js";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { Journal } from "../../src/plan/journal/journal.js";
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

it("claims and item lists larger than a page take every item once, in order, across their pages", async () => {
  const db = new PGlite();
  const sql = client(db);
  await migrate(sql);
  await sql.query("INSERT INTO rk_plan (plan_id, digest, document) VALUES ('big', 'd', '{}')");
  // 1,300 items, two services alternating in runs of ten; claims go by each item's turn within its service.
  const services = Array.from({ length: 1300 }, (_, n) => (Math.floor(n / 10) % 2 ? "rds" : "cbr"));
  await sql.query(
    `INSERT INTO rk_item (plan_id, item_id, position, service, spec, budget_ms, state, turn)
     SELECT 'big', 'i' || n, n, s, '{}', 1, 'pending', row_number() OVER (PARTITION BY s ORDER BY n)
     FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n)`,
    [services],
  );
  const expected = (await sql.query<{ item_id: string }>("SELECT item_id FROM rk_item WHERE plan_id = 'big' ORDER BY turn, position")).rows.map((r) => r.item_id);
  // An exclusive worker taking over everything, as a run's start does: more rows than one page.
  const all = await new Leases(sql, "big", "w1", 10_000, true).claim(["pending"], Number.MAX_SAFE_INTEGER, true);
  expect(all.items.map((i) => i.id)).toEqual(expected);
  expect(new Set(all.items.map((i) => i.id)).size).toBe(1300);
  // A limit that ends inside the second page.
  const some = await new Leases(sql, "big", "w2", 10_000, true).claim(["pending"], 700, true);
  expect(some.items.map((i) => i.id)).toEqual(expected.slice(0, 700));
  // The journal's own list of items, read in pages of a thousand: every one, in plan order.
  const listed = await new Journal(sql).items("big");
  expect(listed.map((i) => i.position)).toEqual(Array.from({ length: 1300 }, (_, n) => n + 1));
  await db.close();
});
