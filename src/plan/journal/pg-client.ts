import type { Pool, PoolClient, QueryResultRow } from "pg";
import type { SqlClient } from "./sql-client.js";

/** What both a pool and a checked-out client can run. */
interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** `pg` types rows as `any` records; the journal names the row type it expects, as it does with PGlite. */
type Row = Record<string, unknown>;

/** The statements of one connection, with the secrets of the connection URL masked in every error. */
function statements(on: Queryable, scrub: (error: unknown) => unknown): Pick<SqlClient, "query" | "exec"> {
  return {
    query: async <R>(sql: string, params: readonly unknown[] = []) => {
      try {
        const result = await on.query<Row>(sql, [...params]);
        return { rows: result.rows as R[] };
      } catch (error) {
        throw scrub(error);
      }
    },
    // No values: `pg` sends the text with the simple query protocol, which runs several statements.
    exec: async (sql) => {
      try {
        await on.query<Row>(sql);
      } catch (error) {
        throw scrub(error);
      }
    },
  };
}

/**
 * Ends a transaction that failed, and gives its connection back: to the pool after a ROLLBACK,
 * or destroyed when the ROLLBACK itself failed (the connection's state is then unknown).
 */
async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query("ROLLBACK");
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    return;
  }
  client.release();
}

/** Ignores a checked-out connection's 'error' event: the query it interrupts fails instead. */
const ignore = (): void => undefined;

/**
 * The SqlClient of a `pg` pool: statements on any pooled connection, each transaction on one
 * connection checked out for it. `scrub` masks the URL's secrets in an error before it is thrown.
 */
export function pgClient(pool: Pool, scrub: (error: unknown) => unknown): SqlClient {
  return {
    ...statements(pool, scrub),
    transaction: async (work) => {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw scrub(error);
      }
      // A connection lost between two statements emits 'error' on the client: unheard, it would end the process.
      client.on("error", ignore);
      try {
        await client.query("BEGIN");
        const result = await work(statements(client, scrub));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        await rollback(client);
        throw scrub(error);
      } finally {
        client.off("error", ignore);
      }
    },
    close: () => pool.end(),
  };
}
