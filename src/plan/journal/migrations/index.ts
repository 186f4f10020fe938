import { sql as journal } from "./0001-journal.js";
import { sql as workers } from "./0002-workers.js";
import { sql as turns } from "./0003-turns.js";
import { sql as moveFunctions } from "./0004-move-functions.js";

/** The journal's schema versions, in order; each runs once, in a transaction. */
export const migrations: readonly { readonly version: number; readonly name: string; readonly sql: string }[] = [
  { version: 1, name: "journal", sql: journal },
  { version: 2, name: "workers", sql: workers },
  { version: 3, name: "turns", sql: turns },
  { version: 4, name: "move functions", sql: moveFunctions },
];
