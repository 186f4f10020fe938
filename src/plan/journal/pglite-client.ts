import type { PGlite } from "@electric-sql/pglite";
import { loopTurns } from "./loop-turns.js";
import type { SqlClient } from "./sql-client.js";

/**
 * The SqlClient of an embedded PGlite database. It has one connection, so calls run one at a
 * time, each in an event-loop turn of its own (see `loopTurns`). A transaction's statements take
 * one turn each as well, so a long transaction does not hold the sockets up either.
 *
 * PGlite runs PostgreSQL in this thread, so the time its statements take is time this process
 * spends: `runningMs` adds it up, BEGIN and COMMIT included, without the waits for a turn.
 */
export function pgliteClient(db: PGlite): SqlClient {
  const inTurn = loopTurns();
  let running = 0;
  const timed = async <T>(work: () => Promise<T>, waited: () => number = () => 0): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      running += performance.now() - started - waited();
    }
  };
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []) => inTurn(() => timed(async () => ({ rows: (await db.query<Row>(sql, [...params])).rows }))),
    exec: (sql) =>
      inTurn(() =>
        timed(async () => {
          await db.exec(sql);
        }),
      ),
    transaction: (work) =>
      inTurn(() => {
        let waited = 0;
        const body = () =>
          db.transaction((tx) => {
            const txTurn = loopTurns();
            // A statement of the transaction, in a turn of its own; the wait for that turn is not running time.
            const step = <T>(statement: () => Promise<T>): Promise<T> => {
              const asked = performance.now();
              return txTurn(() => {
                waited += performance.now() - asked;
                return statement();
              });
            };
            return work({
              query: <Row>(sql: string, params: readonly unknown[] = []) => step(async () => ({ rows: (await tx.query<Row>(sql, [...params])).rows })),
              exec: (sql) =>
                step(async () => {
                  await tx.exec(sql);
                }),
            });
          });
        return timed(body, () => waited);
      }),
    close: () => inTurn(() => db.close()),
    runningMs: () => running,
  };
}
