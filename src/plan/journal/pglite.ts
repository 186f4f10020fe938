import { readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

/** Whether process `pid` is alive on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes what earlier creations left when they were killed: `<name>.creating-<pid>` of a dead pid. */
async function removeAbandonedCreations(directory: string): Promise<void> {
  const prefix = `${basename(directory)}.creating-`;
  const siblings = await readdir(dirname(directory)).catch(() => [] as string[]);
  for (const name of siblings) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isSafeInteger(pid) && !alive(pid)) await rm(join(dirname(directory), name), { recursive: true, force: true });
  }
}

/**
 * Creates a journal directory so that it exists only complete: the database is created and
 * migrated under another name, then renamed into place. A process killed while creating it
 * (initdb takes seconds) leaves no half-made journal for the next run to open.
 */
async function createJournalDirectory(mod: PGliteModule, directory: string): Promise<void> {
  await removeAbandonedCreations(directory);
  const creating = `${directory}.creating-${process.pid}`;
  await rm(creating, { recursive: true, force: true });
  const db = await mod.PGlite.create(creating);
  try {
    await new Journal(pgliteClient(db)).migrate();
  } finally {
    await db.close();
  }
  try {
    await rename(creating, directory);
  } catch (error) {
    // Another process created it first (ENOTEMPTY, EEXIST): use theirs.
    await rm(creating, { recursive: true, force: true });
    if (!(await readdir(directory).catch(() => [])).length) throw error;
  }
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
  const entries = await readdir(directory).catch(() => undefined);
  if (entries === undefined || entries.length === 0) await createJournalDirectory(mod, directory);
  const db = await mod.PGlite.create(directory);
  const journal = new Journal(pgliteClient(db));
  await journal.migrate();
  return journal;
}
