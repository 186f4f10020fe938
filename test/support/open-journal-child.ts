// Run as a child process (node --import tsx): opens, creating if need be, the embedded journal in argv[2].
import { openPgliteJournal } from "../../src/plan/journal/pglite.js";

const journal = await openPgliteJournal(process.argv[2] as string);
await journal.close();
process.stdout.write("opened\n");
