import { RestoreKitError } from "../../errors/restorekit-error.js";
import { missingModule } from "../plan-error.js";
import { Journal } from "./journal.js";
import { pgClient } from "./pg-client.js";
import { redactUrl, scrubError, secretMasker, urlSecrets } from "./redact-url.js";

/** How a PostgreSQL journal connects. */
export interface PostgresJournalOptions {
  /** The most connections the journal holds at once; default 4. */
  readonly poolSize?: number;
  /** What the server shows as the connections' `application_name`; default `restorekit`. */
  readonly applicationName?: string;
}

/** An error in a few words: its message, else (a connection refused on every address) its code or its errors' messages. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join("; ") : "";
  const code = (error as { code?: unknown }).code;
  return error.message || inner || (typeof code === "string" ? code : error.name);
}

/** Whether `s` is a PostgreSQL connection URL (`postgres://` or `postgresql://`), not a directory. */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(s);
}

/**
 * Opens the journal in a PostgreSQL database, bringing its schema up to date: several workers
 * (machines) can then share one run. `pg` is an optional dependency of restorekit's; without
 * it, this fails with one line saying what to install. No error, message or event shows the
 * URL's password.
 */
export async function openPostgresJournal(url: string, options: PostgresJournalOptions = {}): Promise<Journal> {
  let pg: typeof import("pg");
  try {
    pg = await import("pg");
  } catch {
    throw missingModule("pg", "for a PostgreSQL plan journal");
  }
  const poolSize = options.poolSize ?? 4;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) throw new RangeError(`poolSize must be a whole number of connections, 1 or more; it is ${poolSize}`);
  const mask = secretMasker(urlSecrets(url));
  const scrub = (error: unknown) => scrubError(error, mask);
  const fail = (error: unknown) => new RestoreKitError(`cannot open the plan journal at ${redactUrl(url)}: ${describe(error)}`, { cause: error, redact: mask });
  let pool: InstanceType<typeof pg.Pool>;
  try {
    pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: options.applicationName ?? "restorekit" });
  } catch (error) {
    throw fail(error);
  }
  // An idle connection that the server (or the network) drops: the pool discards it, and the next
  // statement opens another. Unheard, the event would end the process.
  pool.on("error", () => undefined);
  const journal = new Journal(pgClient(pool, scrub));
  try {
    await journal.migrate();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw fail(error);
  }
  return journal;
}
