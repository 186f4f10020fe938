import { readdir } from "node:fs/promises";
import type { Journal } from "../plan/journal/journal.js";
import { redactUrl, scrubError, secretMasker, urlSecrets } from "../plan/journal/redact-url.js";
import { PlanError } from "../plan/plan-error.js";
import type { Flags, Io } from "./command.js";
import { UsageError } from "./exit-codes.js";
import { stringFlag } from "./flags.js";
import { holdJournal, holderText, journalHolder, lockPath } from "./plan-journal-lock.js";
import { shellQuote } from "./next-step.js";

/** The environment variable that names a PostgreSQL journal when `--journal` is not given. */
export const journalUrlVariable = "RESTOREKIT_JOURNAL_URL";

/**
 * Where a plan's journal is: an embedded one in a directory (given, or the default beside the
 * plan), or a PostgreSQL database that workers share, from `--journal` or the environment.
 */
export type JournalPlace =
  | { readonly kind: "directory"; readonly path: string; readonly given: boolean }
  | { readonly kind: "postgres"; readonly url: string; readonly from: "flag" | "env" };

/** What the command does with the journal: `apply` holds an embedded one; `control` changes a run that must exist; `read` reads one. */
export type JournalUse = "apply" | "control" | "read";

const scheme = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The journal that `--journal`, else RESTOREKIT_JOURNAL_URL, else the plan's default directory names. */
export async function journalPlace(flags: Flags, env: Io["env"], defaultDirectory: string): Promise<JournalPlace> {
  const { isPostgresUrl } = await import("../plan/journal/postgres.js");
  const flag = stringFlag(flags, "journal");
  if (flag !== undefined) {
    if (flag === "") throw new UsageError(`--journal is empty: give the journal's directory or its postgres:// URL (an unset variable, as in --journal "$${journalUrlVariable}", gives an empty one)`);
    if (isPostgresUrl(flag)) return { kind: "postgres", url: flag, from: "flag" };
    if (scheme.test(flag)) throw new UsageError(`--journal takes a directory or a postgres:// or postgresql:// URL, got ${redactUrl(flag)}`);
    return { kind: "directory", path: flag, given: true };
  }
  const url = env[journalUrlVariable];
  if (url !== undefined && url !== "") {
    if (!isPostgresUrl(url)) throw new UsageError(`${journalUrlVariable} must be a postgres:// or postgresql:// URL, got ${redactUrl(url)}`);
    return { kind: "postgres", url, from: "env" };
  }
  return { kind: "directory", path: defaultDirectory, given: false };
}

/** The journal in a message: its directory, or its URL without the password. */
export const placeText = (place: JournalPlace): string => (place.kind === "directory" ? place.path : redactUrl(place.url));

/**
 * The `--journal` words a printed command needs to open the same journal again, as shell text,
 * and a note when the command cannot carry the journal as it is: a password is never printed.
 * From the environment, the variable itself is printed: unset, it gives an empty --journal,
 * which is refused, so the command never falls back to another journal.
 */
export function journalWords(place: JournalPlace): { readonly words: readonly string[]; readonly note?: string } {
  if (place.kind === "directory") return { words: place.given ? ["--journal", shellQuote(place.path)] : [] };
  if (place.from === "env") return { words: ["--journal", `"$${journalUrlVariable}"`] };
  if (urlSecrets(place.url).length === 0) return { words: ["--journal", shellQuote(place.url)] };
  return {
    words: ["--journal", shellQuote(redactUrl(place.url))],
    note: `the journal's password is shown as ***: write it in, or export ${journalUrlVariable} with the whole URL and give --journal "$${journalUrlVariable}"`,
  };
}

/** An embedded journal that must already hold a run: no directory is created for a read or a control. */
async function existingDirectory(path: string, plan: string, use: JournalUse): Promise<void> {
  const entries = await readdir(path).catch(() => [] as string[]);
  if (entries.length > 0) return;
  const message = `there is no journal in ${path}, so no run of the plan ${plan} to ${use === "control" ? "change; nothing changed" : "read"}`;
  throw use === "control" ? new PlanError(message) : new Error(message);
}

/**
 * An embedded journal that a running `plan apply` holds cannot be opened by another process:
 * PGlite gives each process its own copy of the database's pages, so a second one could read
 * stale pages, and write over the run's.
 */
async function notHeld(path: string, use: JournalUse): Promise<void> {
  const holder = await journalHolder(path);
  if (!holder) return;
  const why =
    use === "control"
      ? "so its run can be paused, resumed or cancelled only while no plan apply runs on it; stop that one (Ctrl-C), or share a PostgreSQL journal (--journal postgres://...) to control a run while it goes on; nothing changed"
      : "so it can be read only once that plan apply has ended; its own view shows the run meanwhile, or share a PostgreSQL journal (--journal postgres://...) to read a run from anywhere while it goes on";
  throw new PlanError(`the journal ${path} is in use by ${holder.command ?? "plan apply"} (${holderText(holder)}): an embedded journal serves one process at a time, ${why} (if no such process runs, remove ${lockPath(path)})`);
}

/**
 * Opens the journal, runs `work`, closes it. No message that leaves here shows a URL's password,
 * whatever failed (the driver, a query, the work).
 */
export async function withJournal<T>(place: JournalPlace, plan: string, use: JournalUse, work: (journal: Journal) => Promise<T>): Promise<T> {
  const mask = secretMasker(place.kind === "postgres" ? urlSecrets(place.url) : []);
  try {
    let release: (() => Promise<void>) | undefined;
    let journal: Journal;
    if (place.kind === "postgres") {
      const { openPostgresJournal } = await import("../plan/journal/postgres.js");
      journal = await openPostgresJournal(place.url);
    } else {
      if (use !== "apply") await existingDirectory(place.path, plan, use);
      if (use !== "apply") await notHeld(place.path, use);
      // Held while this command has it open, so that no plan apply opens it meanwhile.
      release = await holdJournal(place.path, use === "apply" ? "plan apply" : use === "control" ? "plan pause|resume|cancel" : "plan status|report");
      const { openPgliteJournal } = await import("../plan/journal/pglite.js");
      try {
        journal = await openPgliteJournal(place.path);
      } catch (error) {
        await release?.();
        throw error;
      }
    }
    try {
      return await work(journal);
    } finally {
      try {
        await journal.close();
      } finally {
        await release?.();
      }
    }
  } catch (error) {
    throw scrubError(error, mask);
  }
}
