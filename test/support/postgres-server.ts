import { execFile, execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { findPostgresBin, installAdvice } from "./find-postgres.js";

const run = promisify(execFile);

/** A running throwaway server: connect as `restorekit` (trust authentication, no password). */
export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** The user the server runs as, with the command prefix that runs a program as them. */
interface RunAs {
  readonly prefix: readonly string[];
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/** A user's uid and gid, or undefined when there is no such user. */
function idsOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return undefined;
  }
}

/** As root, the server must run as another user (it refuses root): `postgres`, else `nobody`. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [] };
  for (const user of ["postgres", "nobody"]) {
    const owner = idsOf(user);
    if (owner) return { prefix: ["runuser", "-u", user, "--"], owner };
  }
  throw new Error("Running as root, and there is neither a postgres nor a nobody user to run the PostgreSQL server as.");
}

/** A TCP port free on 127.0.0.1 just now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not read the port of a probe socket");
  return address.port;
}

/** The last lines of a file, or a note that there is none. */
function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return `(no ${file})`;
  }
}

/** The output of a failed program, for a message. */
const outputOf = (error: unknown) => {
  const e = error as { stdout?: string; stderr?: string; message?: string };
  return [e.stderr, e.stdout].filter(Boolean).join("\n").trim() || String(e.message ?? error);
};

/** Servers started and not yet stopped: stopped at exit, so that a test run killed early leaves none running. */
const running = new Map<string, () => void>();
process.once("exit", () => {
  for (const stop of running.values()) stop();
});

/**
 * Starts a throwaway PostgreSQL server in a new temporary directory, on a free port of
 * 127.0.0.1, with durability off (fsync off: the tests need speed, not crash safety). Throws,
 * saying what to install and with the end of the server's log, when it cannot start.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), "restorekit-pg-"));
  if (user.owner) chownSync(dir, user.owner.uid, user.owner.gid);
  /** `bin/<name> args`, as the server's user. */
  const command = (name: string, args: readonly string[]): [string, string[]] => {
    const [first = "", ...rest] = [...user.prefix, join(bin, name), ...args];
    return [first, rest];
  };
  const program = (name: string, args: readonly string[]) => run(...command(name, args), { timeout: 90_000, encoding: "utf8" });
  const log = join(dir, "log");
  const fail = (what: string, error: unknown): Error => {
    const message = `${what} (PostgreSQL in ${bin}): ${outputOf(error)}\nServer log (${log}):\n${tail(log)}\n${installAdvice}`;
    rmSync(dir, { recursive: true, force: true });
    return new Error(message);
  };
  try {
    await program("initdb", ["-D", dir, "-A", "trust", "-U", "restorekit", "--no-sync", "-E", "UTF8", "--locale=C"]);
  } catch (error) {
    throw fail("initdb failed", error);
  }
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    // pg_ctl hands these to a shell: the socket directory is quoted (mkdtemp names have no quotes).
    const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    try {
      await program("pg_ctl", ["-D", dir, "-o", options, "-l", log, "-w", "-t", "60", "start"]);
      break;
    } catch (error) {
      // Another process took the port between the probe and the server's bind: try another.
      if (attempt < 3 && /could not bind|Address already in use/i.test(tail(log, 50))) continue;
      // A server still starting when pg_ctl gave up must not outlive the test run.
      await program("pg_ctl", ["-D", dir, "-m", "immediate", "stop"]).catch(() => undefined);
      throw fail("the PostgreSQL server did not start", error);
    }
  }
  const stopNow = () => {
    running.delete(dir);
    try {
      execFileSync(...command("pg_ctl", ["-D", dir, "-m", "immediate", "stop"]), { stdio: "ignore" });
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  running.set(dir, stopNow);
  return {
    url: `postgres://restorekit@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (!running.has(dir)) return;
      running.delete(dir);
      await program("pg_ctl", ["-D", dir, "-m", "immediate", "stop"]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates database `name` on the server of `url` (as its user) and returns the URL of the new
 * database: each test file, or test, can have a database of its own on one server.
 */
export async function createDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const created = new URL(url);
  created.pathname = `/${encodeURIComponent(name)}`;
  return created.toString();
}

/**
 * Set to "1" only on a machine that cannot have a PostgreSQL server: the suites that need one
 * then show as skipped, with the reason. CI never sets it; without it, no PostgreSQL is a failure.
 */
export const postgresOptOut = process.env.RESTOREKIT_TEST_NO_POSTGRES === "1";

/**
 * A suite that needs PostgreSQL: `fn` gets the suite's server (one, started before its first test
 * and stopped after its last). With RESTOREKIT_TEST_NO_POSTGRES=1 the suite is one test, marked
 * skipped with the reason; otherwise a server that cannot start fails the suite.
 */
export function describePostgres(name: string, fn: (server: () => PostgresServer) => void): void {
  if (postgresOptOut) {
    describe(name, () => {
      it.skip("needs a PostgreSQL server: skipped because RESTOREKIT_TEST_NO_POSTGRES=1 is set (unset it, and install postgresql, to run it)", () => undefined);
    });
    return;
  }
  describe(name, () => {
    let started: PostgresServer | undefined;
    beforeAll(async () => {
      started = await startPostgres();
    });
    afterAll(() => started?.stop());
    fn(() => {
      if (!started) throw new Error("the suite's PostgreSQL server is not running (its beforeAll failed, or this ran outside a test)");
      return started;
    });
  });
}
