import { sleep } from "../transport/sleep.js";
import type { SqlClient } from "./journal/sql-client.js";
import { AdaptiveRate, type AdaptiveOptions, defaultInitialRate, type RateBudget, type RateSnapshot } from "./rate-limiter.js";
import { type Priority, Turns } from "./turns.js";

/** A worker may hold a reservation for a token due this far ahead, instead of asking again. */
const reserveMs = 250;

export interface SharedRateOptions extends Omit<AdaptiveOptions, "now"> {
  /** The most a grant hands one worker: this many milliseconds of the rate (default 100). */
  readonly grantMs?: number;
}

/** What a grant told this worker. */
interface Grant {
  readonly granted: number;
  readonly waitMs: number;
  readonly rate: number;
  readonly throttles: number;
}

/**
 * A rate budget that many workers share through the journal: one `rk_rate` row per budget holds
 * the adaptive rate's whole state (the same `AdaptiveRate` a single process uses, on the
 * database's clock). A worker draws a grant of a few tokens at a time in one short transaction,
 * and spends them locally, so the database sees a query per grant, not per request; when no
 * token is there, the grant reserves the next one (up to 250 ms ahead), so that workers queue
 * for tokens in the bucket instead of asking again and again. Requests
 * that came back unthrottled, and 429s, travel with the next grant; a 429 is sent at once, and
 * drops the tokens this worker still holds.
 */
export class SharedRate implements RateBudget {
  #tokens = 0;
  #waiting = 0;
  #rate: number;
  #throttles = 0;
  /** The highest `throttles` the shared state has shown this worker. */
  #sharedThrottles = 0;
  #pauseUntil = 0;
  #admitted: number[] = [];
  #throttled: (number | null)[] = [];
  readonly #turns = new Turns();
  #created: Promise<void> | undefined;

  constructor(
    private readonly db: Pick<SqlClient, "query" | "transaction">,
    readonly key: string,
    private readonly options: SharedRateOptions = {},
  ) {
    this.#rate = options.initialRate ?? defaultInitialRate;
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

  acquire(signal?: AbortSignal, priority: Priority = "read"): Promise<void> {
    this.#waiting++;
    // One acquirer at a time: restores first, then reads, each in arrival order.
    const turn = this.#turns.take(priority, async () => {
      for (;;) {
        signal?.throwIfAborted();
        const pause = this.#pauseUntil - performance.now();
        if (pause > 0) {
          await sleep(pause, signal);
          continue;
        }
        if (this.#tokens >= 1) {
          this.#tokens--;
          return;
        }
        const grant = await this.#grant(Math.max(1, Math.min(this.#waiting, Math.floor((this.#rate * (this.options.grantMs ?? 100)) / 1000))), this.#waiting);
        if (!grant.granted) {
          await sleep(Math.min(grant.waitMs, 1000) * (1 + Math.random() / 10), signal);
          continue;
        }
        if (grant.waitMs > 0) {
          // A reservation: the token is this worker's once its time comes, unless a 429 came first.
          const throttles = this.#throttles;
          await sleep(grant.waitMs, signal);
          if (this.#throttles !== throttles) continue;
        }
        this.#tokens += grant.granted;
      }
    });
    return turn.finally(() => {
      this.#waiting--;
    });
  }

  throttled(retryAfterMs?: number): void {
    this.#throttles++;
    this.#tokens = 0;
    if (retryAfterMs !== undefined) this.#pauseUntil = Math.max(this.#pauseUntil, performance.now() + retryAfterMs);
    this.#throttled.push(retryAfterMs ?? null);
    // Written at once (not behind this worker's queue of grants), so the other workers learn of
    // it, and of its pause, at their next grant.
    void this.#grant(0, 0);
  }

  succeeded(): void {
    this.#admitted.push(performance.now());
    // Only the last second counts; a worker that stops drawing never sends an unbounded list.
    if (this.#admitted.length > 4 * Math.max(1, this.#rate)) this.#admitted.splice(0, this.#admitted.length - Math.ceil(2 * Math.max(1, this.#rate)));
  }

  #create(): Promise<void> {
    this.#created ??= this.db.query("INSERT INTO rk_rate (budget_key, state) VALUES ($1, 'null') ON CONFLICT (budget_key) DO NOTHING", [this.key]).then(() => undefined);
    return this.#created;
  }

  /** One transaction: applies what this worker saw, then takes up to `want` tokens. */
  async #grant(want: number, demand: number): Promise<Grant> {
    await this.#create();
    const admitted = this.#admitted.splice(0);
    const throttled = this.#throttled.splice(0);
    const localAtStart = performance.now();
    let grant: Grant;
    try {
      grant = await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ state: RateSnapshot | null; now: number }>(
          "SELECT state, extract(epoch FROM clock_timestamp()) * 1000 AS now FROM rk_rate WHERE budget_key = $1 FOR UPDATE",
          [this.key],
        );
        const row = rows[0];
        if (!row) throw new Error(`the rate budget ${this.key} has no row in the journal`);
        const now = Number(row.now);
        const offset = now - (localAtStart + performance.now()) / 2;
        const { grantMs: _grantMs, ...adaptive } = this.options;
        const rate = new AdaptiveRate({ ...adaptive, now: () => now }, row.state ?? undefined);
        for (const at of admitted) rate.succeeded(at + offset);
        for (const retryAfterMs of throttled) rate.throttled(retryAfterMs ?? undefined);
        const taken = want > 0 ? rate.take(want, demand, reserveMs) : { granted: 0, waitMs: 0 };
        const snapshot = rate.snapshot();
        await tx.query("UPDATE rk_rate SET state = $2, updated_at = now() WHERE budget_key = $1", [this.key, JSON.stringify(snapshot)]);
        const pause = snapshot.pauseUntil - now;
        if (pause > 0) this.#pauseUntil = Math.max(this.#pauseUntil, performance.now() + pause);
        return { ...taken, rate: snapshot.rate, throttles: snapshot.throttles };
      });
    } catch {
      // The journal did not answer: nothing was granted; try again shortly (the run sees the journal's trouble itself).
      this.#admitted.unshift(...admitted);
      this.#throttled.unshift(...throttled);
      return { granted: 0, waitMs: 500, rate: this.#rate, throttles: this.#sharedThrottles };
    }
    this.#rate = grant.rate;
    if (grant.throttles > this.#sharedThrottles + throttled.length) {
      // Another worker was throttled since this one last looked: tokens drawn before that are stale.
      this.#throttles++;
      this.#tokens = 0;
    }
    this.#sharedThrottles = grant.throttles;
    return grant;
  }
}
