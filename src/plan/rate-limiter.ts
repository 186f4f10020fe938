import { sleep } from "../transport/sleep.js";

/** A rate budget requests draw from: local to a process, or (part 2) shared through the journal. */
export interface RateBudget {
  /** Resolves when one request may go; rejects with the signal's reason. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** The service answered 429: ease off (and pause for `retryAfterMs` when given). */
  throttled(retryAfterMs?: number): void;
  /** A request went through without being throttled. */
  succeeded(): void;
  /** The rate now allowed, in requests per second. */
  readonly rate: number;
}

export interface AdaptiveOptions {
  /** The rate to start from; default 5 per second. */
  readonly initialRate?: number;
  /** Never more than this; default 200 per second. */
  readonly maxRate?: number;
  /** Never less than this; default 0.5 per second. */
  readonly minRate?: number;
  readonly now?: () => number;
}

/** CUBIC's constants, as the AWS SDKs' adaptive retry mode uses them. */
const beta = 0.7;
const scale = 0.4;

/**
 * A token bucket whose rate adapts to 429s. Before the first 429 it doubles every second that
 * demand exceeds it (slow start); a 429 cuts it to 70% and remembers the rate that was too much;
 * it then grows back along a cubic curve that flattens near that rate before probing beyond it.
 * The bucket holds at most one second of tokens, so a burst never exceeds the rate.
 */
export class AdaptiveRate implements RateBudget {
  #rate: number;
  #tokens = 1;
  #refilledAt: number;
  #pauseUntil = 0;
  #throttledAt: number | undefined;
  #ceiling = 0;
  #grownAt: number;
  #waiting = 0;
  readonly #max: number;
  readonly #min: number;
  readonly #now: () => number;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: AdaptiveOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#rate = options.initialRate ?? 5;
    this.#max = options.maxRate ?? 200;
    this.#min = options.minRate ?? 0.5;
    this.#refilledAt = this.#now();
    this.#grownAt = this.#refilledAt;
  }

  get rate(): number {
    return this.#rate;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(Math.max(1, this.#rate), this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate);
    this.#refilledAt = now;
  }

  /** Raises the rate while requests queue for it: slow start before any 429, CUBIC after. */
  #grow(now: number): void {
    if (this.#waiting === 0) {
      this.#grownAt = now;
      return;
    }
    if (this.#throttledAt === undefined) {
      if (now - this.#grownAt >= 1000) {
        this.#rate = Math.min(this.#max, this.#rate * 2);
        this.#grownAt = now;
      }
      return;
    }
    const t = (now - this.#throttledAt) / 1000;
    const k = Math.cbrt((this.#ceiling * (1 - beta)) / scale);
    this.#rate = Math.max(this.#min, Math.min(this.#max, scale * (t - k) ** 3 + this.#ceiling));
  }

  acquire(signal?: AbortSignal): Promise<void> {
    this.#waiting++;
    // One acquirer at a time, in arrival order.
    const turn = this.#queue.then(async () => {
      for (;;) {
        const now = this.#now();
        this.#grow(now);
        this.#refill(now);
        const pause = this.#pauseUntil - now;
        if (pause <= 0 && this.#tokens >= 1) {
          this.#tokens -= 1;
          return;
        }
        await sleep(Math.max(pause, ((1 - this.#tokens) / this.#rate) * 1000, 1), signal);
      }
    });
    this.#queue = turn.catch(() => undefined);
    return turn.finally(() => {
      this.#waiting--;
    });
  }

  throttled(retryAfterMs?: number): void {
    const now = this.#now();
    // Several 429s of one burst count once: the cut applies to the rate before the burst.
    if (this.#throttledAt === undefined || now - this.#throttledAt > 1000 / this.#rate) {
      this.#ceiling = this.#rate;
      this.#rate = Math.max(this.#min, this.#rate * beta);
      this.#throttledAt = now;
    }
    this.#tokens = 0;
    if (retryAfterMs !== undefined) this.#pauseUntil = Math.max(this.#pauseUntil, now + retryAfterMs);
  }

  succeeded(): void {}
}

/** One budget per key (cloud, region, service, project), created on first use. */
export class RateBudgets {
  readonly #budgets = new Map<string, RateBudget>();
  constructor(private readonly create: (key: string) => RateBudget) {}

  for(key: string): RateBudget {
    let budget = this.#budgets.get(key);
    if (!budget) this.#budgets.set(key, (budget = this.create(key)));
    return budget;
  }

  entries(): IterableIterator<[string, RateBudget]> {
    return this.#budgets.entries();
  }
}
