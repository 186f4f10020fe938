import { sleep } from "../transport/sleep.js";
import { type Priority, Turns } from "./turns.js";

/** A rate budget requests draw from: local to a process, or (part 2) shared through the journal. */
export interface RateBudget {
  /**
   * Resolves when one request may go; rejects with the signal's reason. Restores (`send`) go
   * before status reads (`read`, the default), which wait at most a couple of seconds for them.
   */
  acquire(signal?: AbortSignal, priority?: Priority): Promise<void>;
  /** The service answered 429: ease off (and pause for `retryAfterMs` when given). */
  throttled(retryAfterMs?: number): void;
  /** A request went through without being throttled. */
  succeeded(): void;
  /** The rate now allowed, in requests per second. */
  readonly rate: number;
  /** How many 429s the budget has been told of: a token drawn before the latest one is stale. */
  readonly throttles: number;
  /** Requests waiting for a token now (in this process). */
  readonly waiting?: number;
}

/** An adaptive rate's whole state, as plain JSON (times on the clock of its `now`). */
export interface RateSnapshot {
  readonly rate: number;
  readonly tokens: number;
  readonly refilledAt: number;
  readonly pauseUntil: number;
  readonly throttledAt: number | null;
  readonly ceiling: number;
  readonly limitedMs: number;
  readonly limited: boolean;
  readonly tickedAt: number;
  readonly doubledAtMs: number;
  readonly cutAtMs: number;
  readonly admitted: readonly number[];
  readonly createdAt: number;
  readonly throttles: number;
}

export interface AdaptiveOptions {
  /** The rate to start from; default 10 per second. */
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
/** Slow start doubles the rate after each such span of being held back by it. */
const doublingMs = 1000;
/** The rate a budget starts from, unless told otherwise. */
export const defaultInitialRate = 10;

/**
 * A token bucket whose rate adapts to 429s. It grows only while the rate, not demand, holds
 * requests back, and while the service answers at no less than half of it: a budget that idles
 * (a plan waiting on long restores) keeps its rate instead of drifting up to a figure it never
 * tried, and one whose requests stall (behind a slow journal) does not grow while nothing is answered. Before the first 429 it doubles after every second
 * of that (slow start). A 429 takes the rate the service really admitted over the last
 * second (requests answered without a 429) as the capacity, when that is below the rate allowed
 * (the first 429, which ends slow start, takes no more than half the rate: the rate before its
 * last doubling, which held without a 429), cuts the rate to 70% of it, and then grows back along a cubic curve that flattens near that
 * capacity before probing beyond it. The bucket holds at most one second of tokens, so a burst
 * never exceeds the rate.
 */
export class AdaptiveRate implements RateBudget {
  #rate: number;
  #tokens = 1;
  #refilledAt: number;
  #pauseUntil = 0;
  #throttledAt: number | undefined;
  #ceiling = 0;
  #waiting = 0;
  /** Milliseconds during which requests queued for tokens: the clock the rate grows on. */
  #limitedMs = 0;
  #limited = false;
  #tickedAt: number;
  #doubledAtMs = 0;
  /** `#limitedMs` at the last cut, where the cubic curve starts. */
  #cutAtMs = 0;
  /** When each request of the last second that was not throttled came back. */
  readonly #admitted: number[] = [];
  readonly #createdAt: number;
  readonly #max: number;
  readonly #min: number;
  readonly #now: () => number;
  readonly #turns: Turns;
  #throttles = 0;

  constructor(options: AdaptiveOptions = {}, snapshot?: RateSnapshot) {
    this.#now = options.now ?? (() => performance.now());
    this.#rate = options.initialRate ?? defaultInitialRate;
    this.#max = options.maxRate ?? 200;
    this.#min = options.minRate ?? 0.5;
    this.#refilledAt = this.#now();
    this.#tickedAt = this.#refilledAt;
    this.#createdAt = this.#refilledAt;
    this.#turns = new Turns(undefined, this.#now);
    if (snapshot) {
      this.#rate = snapshot.rate;
      this.#tokens = snapshot.tokens;
      this.#refilledAt = snapshot.refilledAt;
      this.#pauseUntil = snapshot.pauseUntil;
      this.#throttledAt = snapshot.throttledAt ?? undefined;
      this.#ceiling = snapshot.ceiling;
      this.#limitedMs = snapshot.limitedMs;
      this.#limited = snapshot.limited;
      this.#tickedAt = snapshot.tickedAt;
      this.#doubledAtMs = snapshot.doubledAtMs;
      this.#cutAtMs = snapshot.cutAtMs;
      this.#admitted.push(...snapshot.admitted);
      this.#createdAt = snapshot.createdAt;
      this.#throttles = snapshot.throttles;
    }
  }

  /** The whole state, as plain JSON: a shared budget keeps it in the journal between grants. */
  snapshot(): RateSnapshot {
    return {
      rate: this.#rate,
      tokens: this.#tokens,
      refilledAt: this.#refilledAt,
      pauseUntil: this.#pauseUntil,
      throttledAt: this.#throttledAt ?? null,
      ceiling: this.#ceiling,
      limitedMs: this.#limitedMs,
      limited: this.#limited,
      tickedAt: this.#tickedAt,
      doubledAtMs: this.#doubledAtMs,
      cutAtMs: this.#cutAtMs,
      admitted: [...this.#admitted],
      createdAt: this.#createdAt,
      throttles: this.#throttles,
    };
  }

  get rate(): number {
    return this.#rate;
  }

  get throttles(): number {
    return this.#throttles;
  }

  get waiting(): number {
    return this.#waiting;
  }

  /** Adds the tokens earned since the last refill; none are earned during a pause. */
  #refill(now: number): void {
    if (now <= this.#refilledAt) return;
    this.#tokens = Math.min(Math.max(1, this.#rate), this.#tokens + ((now - this.#refilledAt) / 1000) * this.#rate);
    this.#refilledAt = now;
  }

  /**
   * Advances the growth clock by the time since the last tick, if requests were queued for tokens
   * and the service is answering at no less than half the rate (over the last second, or two
   * tokens' time at a rate under one a second). Tokens granted are not requests
   * answered: when requests stall after their tokens are drawn (a restore waits for its journal
   * commit), the rate must not grow on time alone, or the tokens drawn meanwhile leave together.
   */
  #tick(now: number, limited = this.#limited): void {
    if (this.#limited && this.#admittedRate(now, this.#historyMs()) >= this.#rate / 2) this.#limitedMs += now - this.#tickedAt;
    this.#tickedAt = now;
    this.#limited = limited;
  }

  /** Raises the rate along the growth clock: slow start before any 429, CUBIC after. */
  #grow(now: number): void {
    this.#tick(now);
    if (this.#throttledAt === undefined) {
      if (this.#limitedMs - this.#doubledAtMs >= doublingMs) {
        this.#rate = Math.min(this.#max, this.#rate * 2);
        this.#doubledAtMs = this.#limitedMs;
      }
      return;
    }
    const t = (this.#limitedMs - this.#cutAtMs) / 1000;
    const k = Math.cbrt((this.#ceiling * (1 - beta)) / scale);
    this.#rate = Math.max(this.#min, Math.min(this.#max, scale * (t - k) ** 3 + this.#ceiling));
  }

  /**
   * Takes up to `want` tokens now, without waiting: `granted` may be 0, and `waitMs` then says
   * when the next token is due. `demand` is how many requests are queued for tokens, this one
   * included: the rate grows only while demand outruns it. With `reserveMs`, a token due within
   * that long is granted now as a reservation: `granted` 1, usable after `waitMs`.
   */
  take(want: number, demand = want, reserveMs = 0): { readonly granted: number; readonly waitMs: number } {
    const now = this.#now();
    this.#grow(now);
    this.#refill(now);
    const pause = this.#pauseUntil - now;
    if (pause <= 0 && this.#tokens >= 1) {
      const granted = Math.max(1, Math.min(want, Math.floor(this.#tokens)));
      this.#tokens -= granted;
      // Still limited while others queue behind these.
      this.#tick(now, demand > granted);
      return { granted, waitMs: 0 };
    }
    const due = ((1 - this.#tokens) / this.#rate) * 1000;
    if (pause <= 0 && due <= reserveMs) {
      // A reservation: the next token is this caller's, `waitMs` from now (the bucket goes below
      // zero, and later callers queue behind it), so that it need not come back and ask again.
      this.#tokens -= 1;
      this.#tick(now, true);
      return { granted: 1, waitMs: due };
    }
    // Waiting out a 429's Retry-After is not the rate holding requests back.
    this.#tick(now, pause <= 0);
    return { granted: 0, waitMs: Math.max(pause, ((1 - this.#tokens) / this.#rate) * 1000, 1) };
  }

  acquire(signal?: AbortSignal, priority: Priority = "read"): Promise<void> {
    this.#waiting++;
    // One acquirer at a time: restores first, then reads, each in arrival order.
    const turn = this.#turns.take(priority, async () => {
      for (;;) {
        signal?.throwIfAborted();
        const { granted, waitMs } = this.take(1, this.#waiting);
        if (granted) return;
        await sleep(waitMs, signal);
      }
    });
    return turn.finally(() => {
      this.#waiting--;
    });
  }

  #forgetAdmittedBefore(time: number): void {
    while (this.#admitted.length && (this.#admitted[0] as number) <= time) this.#admitted.shift();
  }

  /** How long answers are remembered: a second, or two tokens' time at a rate under one a second. */
  #historyMs(): number {
    return Math.max(1000, 2000 / this.#rate);
  }

  /**
   * Requests a second the service admitted over the last `windowMs` of sending: the window starts
   * no earlier than the budget's creation or the end of its last pause, and a window under 200 ms
   * is too short to say anything (Infinity: no evidence below the rate).
   */
  #admittedRate(now: number, windowMs = 1000): number {
    this.#forgetAdmittedBefore(now - this.#historyMs());
    const from = Math.max(now - windowMs, this.#createdAt, this.#pauseUntil);
    if (now - from < 200) return Number.POSITIVE_INFINITY;
    return this.#admitted.filter((at) => at > from).length / ((now - from) / 1000);
  }

  throttled(retryAfterMs?: number): void {
    const now = this.#now();
    this.#throttles++;
    // Several 429s of one burst count once: the cut applies to the rate before the burst. A 429
    // that arrives while the last one's Retry-After pause runs answers a request sent before
    // that pause was known (another worker's, sharing this budget): it is no news either.
    if (this.#throttledAt === undefined || (now - this.#throttledAt > 1000 / this.#rate && now >= this.#pauseUntil)) {
      // Leaving slow start, the rate has just doubled past what the service admits: half of it
      // held for a second without a 429, so the capacity is taken as no more than that.
      const known = this.#throttledAt === undefined && this.#doubledAtMs > 0 ? this.#rate / 2 : this.#rate;
      this.#ceiling = Math.max(this.#min, Math.min(known, this.#admittedRate(now)));
      this.#rate = Math.max(this.#min, this.#ceiling * beta);
      this.#throttledAt = now;
      this.#tick(now);
      this.#cutAtMs = this.#limitedMs;
    }
    if (retryAfterMs !== undefined) this.#pauseUntil = Math.max(this.#pauseUntil, now + retryAfterMs);
    // The bucket restarts empty when the pause ends: a second of tokens saved up over the pause
    // would go out as one burst into a service that has just said it is full.
    this.#tokens = 0;
    this.#refilledAt = Math.max(now, this.#pauseUntil);
  }

  succeeded(at?: number): void {
    const now = this.#now();
    this.#admitted.push(at ?? now);
    this.#forgetAdmittedBefore(now - this.#historyMs());
  }
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
