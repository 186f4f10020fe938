import { mkdtempSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopTurns } from "../../src/plan/journal/loop-turns.js";
import { type Journal, openPgliteJournal } from "../../src/plan/index.js";

/** Keeps this thread busy, as PGlite running a statement does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/**
 * Queues `count` tasks through `run`, each keeping the thread busy for `ms`, then makes one HTTP
 * request to a server in this process. Returns how many tasks had finished when its answer
 * arrived, and how many in all.
 */
async function tasksDoneWhenAnswered(run: (task: () => Promise<void>) => Promise<void>, count: number, ms: number) {
  let done = 0;
  const tasks = Array.from({ length: count }, () => run(async () => {
    busy(ms);
    done++;
  }));
  const answered = fetch(url).then(async (r) => {
    await r.text();
    return done;
  });
  const [whenAnswered] = await Promise.all([answered, ...tasks]);
  return { whenAnswered, all: done };
}

describe("loopTurns", () => {
  it("runs tasks one at a time, in order; a task that fails fails alone", async () => {
    const inTurn = loopTurns();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.push(`end ${name}`);
      running--;
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const results = await Promise.allSettled([inTurn(task("a")), inTurn(task("b", true)), inTurn(task("c"))]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "b failed", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("lets sockets be served between tasks: an HTTP answer arrives while a long queue of busy tasks runs", async () => {
    const { whenAnswered, all } = await tasksDoneWhenAnswered(loopTurns(), 100, 5);
    expect(all).toBe(100);
    // Each of the request's steps (connect, write, read) waits for one task at most.
    expect(whenAnswered).toBeLessThan(50);
  });
});

describe("the PGlite journal's statements", () => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await openPgliteJournal(join(mkdtempSync(join(tmpdir(), "restorekit-turns-")), "journal"));
  }, 60_000);
  afterAll(() => journal.close());

  it("run one event-loop turn each: an HTTP answer arrives while hundreds of queued statements run", async () => {
    let done = 0;
    const statement = "SELECT count(*) AS n FROM generate_series(1, 20000)";
    const queued = Array.from({ length: 300 }, () => journal.db.query<{ n: string }>(statement).then((r) => {
      done++;
      return r.rows[0]?.n;
    }));
    const answered = fetch(url).then(async (r) => {
      await r.text();
      return done;
    });
    const [whenAnswered, ...counts] = await Promise.all([answered, ...queued]);
    expect(counts.every((n) => String(n) === "20000")).toBe(true);
    expect(whenAnswered).toBeLessThan(150);
  }, 60_000);

  it("count their own running time in the journal's cost, not the wait for their turn", async () => {
    const before = journal.cost().busyMs;
    const queued = journal.db.query("SELECT 1 AS one");
    // The statement waits for its turn while this thread is busy elsewhere for 300 ms.
    busy(300);
    expect((await queued).rows).toEqual([{ one: 1 }]);
    const spent = journal.cost().busyMs - before;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThan(100);
    // A transaction's statements each wait for a turn too; that is not counted either.
    const inTx = journal.cost().busyMs;
    await journal.db.transaction(async (tx) => {
      const pending = tx.query("SELECT 2 AS two");
      busy(300);
      await pending;
    });
    expect(journal.cost().busyMs - inTx).toBeLessThan(100);
  }, 60_000);
});
