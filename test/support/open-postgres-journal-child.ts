// Run as a child process (node --import tsx): opens the PostgreSQL journal at argv[2], reads it, closes it, and
// then has nothing left to do: the process must exit at once (a pool left open would hold it for its idle timeout).
import { openPostgresJournal } from "../../src/plan/journal/postgres.js";

const journal = await openPostgresJournal(process.argv[2] as string);
await journal.items("none");
await journal.close();
process.stdout.write("closed\n");
