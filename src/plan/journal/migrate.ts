import { migrations } from "./migrations/index.js";
import type { SqlClient } from "./sql-client.js";

/** A constant of the journal's: the advisory lock that serializes migrations between workers. */
const migrationLock = 7_411_202_611;

/**
 * Brings the journal's schema up to date. Each migration runs in its own transaction under a
 * transaction-scoped advisory lock, so that workers starting together apply it once.
 */
export async function migrate(db: SqlClient): Promise<number> {
  let applied = 0;
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [migrationLock]);
      await tx.exec("CREATE TABLE IF NOT EXISTS rk_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      const { rows } = await tx.query<{ version: number }>("SELECT version FROM rk_migration WHERE version = $1", [m.version]);
      if (rows.length) return false;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO rk_migration (version, name) VALUES ($1, $2)", [m.version, m.name]);
      return true;
    });
    if (done) applied++;
  }
  return applied;
}
