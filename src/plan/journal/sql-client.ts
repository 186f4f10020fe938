/** The few things the journal needs from a PostgreSQL connection: PGlite and `pg` both give them. */
export interface SqlClient {
  /** One statement, with `$1`… parameters. */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: Row[] }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: Pick<SqlClient, "query" | "exec">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * The time spent running statements so far, in milliseconds, for a database that runs in this
   * process (PGlite): its statements' own time, without their waits. Absent for a server.
   */
  runningMs?(): number;
}
