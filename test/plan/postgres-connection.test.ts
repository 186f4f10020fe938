import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { inspect } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { isPostgresUrl, openPostgresJournal, redactUrl } from "../../src/plan/index.js";
import { createDatabase, describePostgres } from "../support/postgres-server.js";

const secret = "s3cret-Pw";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every way an error could reach a log. */
const shown = (error: unknown) => [String(error), (error as Error).stack, inspect(error, { depth: 8 }), JSON.stringify(error)].join("\n");

/** A port of 127.0.0.1 nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  return typeof address === "object" && address ? address.port : 1;
}

describe("PostgreSQL URLs", () => {
  it("redacts the password, and password query parameters, of a URL", () => {
    expect(redactUrl(`postgres://user:${secret}@host:5432/db`)).toBe("postgres://user:***@host:5432/db");
    expect(redactUrl("postgresql://user@host/db?sslmode=require&password=x%20y")).toBe("postgresql://user@host/db?sslmode=require&password=***");
    expect(redactUrl("postgres://host/db")).toBe("postgres://host/db");
    expect(redactUrl(`postgres://user:${secret}@[bad`)).not.toContain(secret);
  });

  it("tells a PostgreSQL URL from a directory", () => {
    expect([isPostgresUrl("postgres://h/db"), isPostgresUrl("postgresql://h/db"), isPostgresUrl("./postgres"), isPostgresUrl("C:\\pg")]).toEqual([true, true, false, false]);
  });

  it("without pg installed, says in one line what to install", async () => {
    vi.resetModules();
    vi.doMock("pg", () => {
      throw new Error("Cannot find package 'pg'");
    });
    try {
      const { openPostgresJournal: open } = await import("../../src/plan/journal/postgres.js");
      await expect(open("postgres://h/db")).rejects.toThrow(/^the package pg is needed for a PostgreSQL plan journal: npm install pg$/);
    } finally {
      vi.doUnmock("pg");
      vi.resetModules();
    }
  });

  it("refuses a pool of no connections", async () => {
    await expect(openPostgresJournal("postgres://h/db", { poolSize: 0 })).rejects.toThrow(RangeError);
  });

  it("an unreachable server's error names the URL without its password", async () => {
    const url = `postgres://restorekit:${secret}@127.0.0.1:${await closedPort()}/postgres`;
    const error = await openPostgresJournal(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("postgres://restorekit:***@127.0.0.1:");
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(shown(error)).not.toContain(secret);
    // A URL `pg` cannot parse: Node's URL error carries the whole input, password included.
    const malformed = await openPostgresJournal(`postgres://restorekit:${secret}@127.0.0.1:port/postgres`).catch((e: unknown) => e);
    expect((malformed as Error).message).toContain("postgres://restorekit:***@127.0.0.1:port/postgres");
    expect(shown(malformed)).not.toContain(secret);
  });
});

describePostgres("the PostgreSQL journal's connections", (server) => {
  let url: string;
  beforeAll(async () => {
    url = await createDatabase(server().url, "connections");
  });

  it("masks the URL's password in a statement's error, keeping the database's message", async () => {
    // Trust authentication: the password is accepted, and only the statement can show it.
    const withSecret = new URL(url);
    withSecret.password = secret;
    const journal = await openPostgresJournal(withSecret.toString());
    try {
      const error = await journal.db.query("SELECT $1::integer", [secret]).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/invalid input syntax for type integer: "\*\*\*"/);
      expect(shown(error)).not.toContain(secret);
    } finally {
      await journal.close();
    }
  });

  it("survives the server dropping idle connections and a connection inside a transaction", async () => {
    const journal = await openPostgresJournal(url, { applicationName: "rk-victim", poolSize: 2 });
    const admin = await openPostgresJournal(url);
    const terminate = () => admin.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rk-victim'");
    try {
      await Promise.all([journal.items("x"), journal.items("y")]);
      await terminate();
      await sleep(200); // the idle connections' 'error' events arrive: nothing may crash
      expect(await journal.items("x")).toEqual([]);
      const lost = journal.db.transaction(async (tx) => {
        await tx.query("SELECT 1");
        await terminate();
        await sleep(200); // lost between two statements: the checked-out client's 'error' event
        await tx.query("SELECT 1");
      });
      await expect(lost).rejects.toThrow();
      expect(await journal.items("x")).toEqual([]);
    } finally {
      await Promise.all([journal.close(), admin.close()]);
    }
  });

  it("close() ends the pool: a process that closed its journal exits at once", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "../support/open-postgres-journal-child.ts"), url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const started = performance.now();
    const [code] = (await once(child, "exit")) as [number | null];
    // The pool's idle connections would hold an unclosed process for 10 s.
    expect({ code, out, fast: performance.now() - started < 6_000 }).toEqual({ code: 0, out: "closed\n", fast: true });
  });
});
