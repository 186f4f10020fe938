import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { missingModule } from "../plan-error.js";
import { Journal } from "./journal.js";
import { pgliteClient } from "./pglite-client.js";
import { processAlive } from "./process-alive.js";

type PGliteModule = typeof import("@electric-sql/pglite");

/** Removes what earlier creations left when they were killed: `<name>.creating-<pid>` of a dead pid. */
async function removeAbandonedCreations(directory: string): Promise<void> {
  const prefix = `${basename(directory)}.creating-`;
  const siblings = await readdir(dirname(directory)).catch(() => [] as string[]);
  for (const name of siblings) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && Number.isSafeInteger(pid) && !processAlive(pid)) await rm(join(dirname(directory), name), { recursive: true, force: true });
  }
}

/**
 * PGlite's start parameters with a small buffer cache: a journal is a few megabytes, and
 * PostgreSQL's default of 128 MB of shared buffers would be most of the process's memory. Pages
 * that do not fit are read back through the operating system's file cache. Measured with a
 * 5,000-item plan: 4 MB instead of 16 MB took 11 MB less memory when the journal opened, and
 * 20,000 inserts took about as long (4.0 s against 3.9 s).
 */
const startParams = (mod: PGliteModule) => [...mod.PGlite.defaultStartParams, "-c", "shared_buffers=4MB"];

/**
 * What the creating process runs (CommonJS, given PGlite's path and the journal's path):
 * initdb into `<journal>.creating-<its pid>`, then exit.
 */
const createScript = `
const [pglite, journal] = process.argv.slice(1);
const { PGlite } = require(pglite);
PGlite.create(journal + ".creating-" + process.pid).then((db) => db.close()).catch((error) => {
  process.stderr.write(String(error && error.message || error) + "\\n");
  process.exitCode = 1;
});
`;

/**
 * Creates a journal directory so that it exists only complete. initdb runs in a process of its
 * own, for two reasons: it takes several times the memory of the open database (two PGlite
 * instances and initdb's own), which the plan's process never has to hold; and the database is
 * made under another name, then renamed into place, so a process killed while creating it (initdb
 * takes seconds) leaves no half-made journal for the next run to open. The schema's migrations
 * run when the journal opens, each in its own transaction.
 */
async function createJournalDirectory(directory: string): Promise<void> {
  await removeAbandonedCreations(directory);
  let pglite: string;
  try {
    pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  } catch {
    throw missingModule("@electric-sql/pglite", "for the embedded plan journal");
  }
  const child = spawn(process.execPath, ["-e", createScript, pglite, directory], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += String(chunk);
  });
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  const creating = `${directory}.creating-${child.pid}`;
  if (code !== 0) {
    // Whatever initdb left; the error to report is initdb's, not this clean-up's (its parent may not even be a directory).
    await rm(creating, { recursive: true, force: true }).catch(() => undefined);
    const why = stderr.trim().split("\n").at(-1) ?? "";
    throw new Error(`cannot create the plan journal in ${directory}: initdb ${signal ? `was killed (${signal})` : `exited with ${code}`}${why ? `: ${why}` : ""}`);
  }
  try {
    await rename(creating, directory);
  } catch (error) {
    // Another process created it first (ENOTEMPTY, EEXIST): use theirs.
    await rm(creating, { recursive: true, force: true });
    if (!(await readdir(directory).catch(() => [])).length) throw error;
  }
}

/** Whether this process was started with V8's Liftoff-only flag: then it is left as it is. */
const startedLiftoffOnly = () => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].includes("--liftoff-only");

/**
 * Runs `work` (PGlite's start, which compiles its WebAssembly) with V8's baseline compiler only.
 * By default V8 also compiles hot WebAssembly functions again with its optimising compiler;
 * for PostgreSQL's tens of megabytes of code that costs about 90 MB of memory and CPU in the
 * background, and a journal's short statements run no slower without it (measured: 20,000
 * inserts took the same time). The flag is set only while the module compiles, and the module
 * keeps its baseline code afterwards; WebAssembly compiled by anything else in the process
 * at the same moment would be compiled the same way.
 */
async function withBaselineWasm<T>(work: () => Promise<T>): Promise<T> {
  if (startedLiftoffOnly()) return work();
  setFlagsFromString("--liftoff-only");
  try {
    return await work();
  } finally {
    setFlagsFromString("--no-liftoff-only");
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
  if (entries === undefined || entries.length === 0) await createJournalDirectory(directory);
  const db = await withBaselineWasm(() => mod.PGlite.create(directory, { startParams: startParams(mod) }));
  const journal = new Journal(pgliteClient(db), true);
  await journal.migrate();
  return journal;
}
