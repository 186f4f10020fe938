/**
 * Runs tasks one at a time, each starting in an event-loop turn of its own.
 *
 * PGlite runs PostgreSQL in this thread, synchronously, behind promises that are already settled
 * when they are awaited. A caller that awaits one statement and then issues the next never goes
 * back to the event loop, and neither does a timer pass whose callbacks each start a statement:
 * the statements run back to back in microtasks. In a 5,000-item plan that kept the loop from
 * polling sockets for up to two seconds: requests waited unsent on connections the loop never saw
 * open, then left together, and the service answered most of them 429.
 *
 * Each task here waits for the one before it to end, then for `setImmediate` (which runs after the
 * loop has polled I/O), and only then starts. A statement thus costs the loop at most its own
 * running time before sockets are served again.
 */
export type LoopTurns = <T>(task: () => Promise<T>) => Promise<T>;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function loopTurns(): LoopTurns {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(nextTurn).then(task);
    // The next task waits for this one to end, whether it succeeded or not (`last` never rejects).
    last = run.catch(() => undefined);
    return run;
  };
}
