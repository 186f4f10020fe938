import { link, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { PlanError } from "../plan/plan-error.js";
import { processAlive } from "../plan/journal/process-alive.js";

/**
 * An embedded journal (a PGlite directory) serves one process at a time: two processes that open
 * it each keep their own copy of its pages, and one's writes are lost under, or corrupt, the
 * other's. `plan apply` holds the directory by a lock file beside it, `<directory>.lock`, for as
 * long as it runs, and `plan status|report|pause|resume|cancel` for as long as they read or write
 * it; each refuses to open a journal another holds.
 */

/** The process that holds an embedded journal: what its lock file says. */
export interface JournalHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** The command that holds it (`plan apply`); older locks do not say. */
  readonly command?: string;
}

/** The lock file of the embedded journal in `directory`. */
export const lockPath = (directory: string): string => `${resolve(directory)}.lock`;


function parseHolder(text: string): JournalHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<JournalHolder> | null;
    if (typeof h?.pid !== "number" || typeof h.host !== "string" || typeof h.since !== "string") return undefined;
    return { pid: h.pid, host: h.host, since: h.since, ...(typeof h.command === "string" ? { command: h.command } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * The process that holds the journal in `directory` now, or `undefined`. A lock left by a process
 * that died (killed, crashed) holds nothing. A process on another machine (a shared disk) cannot
 * be checked, so it is taken to be alive.
 */
export async function journalHolder(directory: string): Promise<JournalHolder | undefined> {
  const text = await readFile(lockPath(directory), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const holder = parseHolder(text);
  if (!holder) return undefined;
  return holder.host !== hostname() || processAlive(holder.pid) ? holder : undefined;
}

/** Who holds the journal, in words: `process 123 on host-a, since 2026-…`. */
export const holderText = (h: JournalHolder): string => `process ${h.pid} on ${h.host}, since ${h.since}`;

/**
 * Takes the journal in `directory` for this process, or throws (exit 2, nothing sent) when a
 * live process holds it. Resolves to the function that gives it back. The lock file is written
 * whole under another name and linked into place, which fails when one exists, so two processes
 * never both take it; a lock left by a dead process is removed first.
 */
export async function holdJournal(directory: string, command = "plan apply"): Promise<() => Promise<void>> {
  const path = lockPath(directory);
  const mine: JournalHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command };
  const draft = `${path}.${process.pid}`;
  await writeFile(draft, `${JSON.stringify(mine)}\n`);
  try {
    for (let tries = 0; ; tries++) {
      try {
        await link(draft, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = await journalHolder(directory);
        if (holder) {
          throw new PlanError(
            `the journal ${directory} is in use by ${holder.command ?? "plan apply"} (${holderText(holder)}): an embedded journal serves one process at a time; nothing was sent (if no such process runs, remove ${path})`,
          );
        }
        if (tries === 2) throw error;
        await rm(path, { force: true });
      }
    }
  } finally {
    await rm(draft, { force: true });
  }
  return () => rm(path, { force: true });
}
