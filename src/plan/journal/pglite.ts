import { missingModule } from "../plan-error.js";
import { Journal } from "./journal.js";
import type { SqlClient } from "./sql-client.js";

type PGliteModule = typeof import("@electric-sql/pglite");
type PGliteInstance = InstanceType<PGliteModule["PGlite"]>;

/** The SqlClient of an embedded PGlite database (one connection; calls are queued by PGlite). */
function pgliteClient(db: PGliteInstance): SqlClient {
  return {
    query: async <Row>(sql: string, params: readonly unknown[] = []) => ({ rows: (await db.query<Row>(sql, [...params])).rows }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) => ({ rows: (await tx.query<Row>(sql, [...params])).rows }),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}

/**
 * Opens (creating on first use) the embedded journal in `directory`: PostgreSQL compiled to
 * WASM, no server needed. `@electric-sql/pglite` is an optional dependency of restorekit's;
 * without it, this fails with one line saying what to install.
 */
export async function openPgliteJournal(directory: string): Promise<Journal> {
  let mod: PGliteModule;
  try {
    mod = await import("@electric-sql/pglite");
  } catch {
    throw missingModule("@electric-sql/pglite", "for the embedded plan journal");
  }
  const db = await mod.PGlite.create(directory);
  const journal = new Journal(pgliteClient(db));
  await journal.migrate();
  return journal;
}
