/**
 * Why a request wants a rate token, most urgent first:
 * - `sending`: a restore already committed to `sending` whose token went stale (a 429 came
 *   between drawing it and the request): the item is on the books as being sent, so it goes first;
 * - `send`: a restore about to be sent;
 * - `read`: a status read or any other request.
 */
export type Priority = "sending" | "send" | "read";

interface Waiter {
  readonly since: number;
  readonly start: () => void;
}

/** While restores wait, a read that has waited its longest still gets one turn in this many. */
const readShare = 4;

/**
 * Serialises a rate budget's acquirers: one takes its turn at a time, the most urgent first,
 * and in arrival order within a priority. Restores go before status reads, so that following
 * hundreds of restores never slows the sending of the rest. But a read that has waited
 * `maxReadWaitMs` goes next if restores have had the last three turns: under load reads come
 * late and take at most a quarter of the turns, but they are never shut out.
 */
export class Turns {
  readonly #waiting: Record<Priority, Waiter[]> = { sending: [], send: [], read: [] };
  #busy = false;
  #sendsSinceRead = 0;

  constructor(
    private readonly maxReadWaitMs = 2000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `work` when its turn comes; the next turn starts when it settles. */
  take<T>(priority: Priority, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        work()
          .then(resolve, reject)
          .finally(() => this.#next());
      };
      this.#waiting[priority].push({ since: this.now(), start });
      if (!this.#busy) this.#next();
    });
  }

  #next(): void {
    const w = this.#waiting;
    const readDue = w.read[0] !== undefined && this.now() - w.read[0].since >= this.maxReadWaitMs && this.#sendsSinceRead >= readShare - 1;
    const restore = readDue ? undefined : (w.sending.shift() ?? w.send.shift());
    const next = restore ?? w.read.shift();
    this.#sendsSinceRead = restore ? this.#sendsSinceRead + 1 : 0;
    this.#busy = next !== undefined;
    next?.start();
  }
}
