import { describe, expect, it } from "vitest";
import { AdaptiveRate } from "../../src/plan/index.js";

/** A clock the test moves by hand. */
function manualClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("AdaptiveRate", () => {
  it("keeps its rate while demand, not the rate, is what holds requests back", async () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 5, now: clock.now });
    for (let second = 0; second < 30; second++) {
      await budget.acquire(); // one request a second: a token is always there
      clock.advance(1000);
    }
    expect(budget.rate).toBe(5);
  });

  it("a 429 cuts to 70% of what the service admitted over the last second, not of the rate allowed", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 40, now: clock.now });
    // The service let 20 requests a second through while the budget allowed 40.
    for (let i = 0; i < 20; i++) {
      clock.advance(50);
      budget.succeeded();
    }
    budget.throttled(1000);
    expect(budget.rate).toBeCloseTo(14, 5);
    expect(budget.throttles).toBe(1);
    // A second 429 of the same burst does not cut again.
    budget.throttled(1000);
    expect(budget.rate).toBeCloseTo(14, 5);
    expect(budget.throttles).toBe(2);
  });

  it("a 429 that arrives during the Retry-After pause of an earlier one does not cut again (another worker's request, sent before the pause was known)", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 40, now: clock.now });
    clock.advance(100);
    budget.throttled(1000);
    expect(budget.rate).toBeCloseTo(28, 5);
    // 500 ms later, well past one token's time (1000 / 28 ms), but inside the pause.
    clock.advance(500);
    budget.throttled(1000);
    expect(budget.rate).toBeCloseTo(28, 5);
    // After the pause, a 429 is news again.
    clock.advance(1500);
    budget.throttled(1000);
    expect(budget.rate).toBeLessThan(28);
  });

  it("the first 429, leaving slow start, takes no more than half the rate as the capacity: the rate before its last doubling", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 10, now: clock.now });
    // Demand outruns the rate for a second (more requests queue than are granted), and the
    // service answers each request at once: it doubles to 20.
    for (let i = 0; i <= 11; i++) {
      if (budget.take(1, 5).granted) budget.succeeded();
      clock.advance(100);
    }
    budget.take(1, 5);
    expect(budget.rate).toBe(20);
    // The service admitted everything it was sent (no evidence below the rate), then said 429.
    for (let i = 0; i < 20; i++) budget.succeeded();
    budget.throttled(1000);
    expect(budget.rate).toBeCloseTo(7, 5); // 70% of 10, not of 20
  });

  it("grows back from its lowest rate, where a token comes less than once a second", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 0.5, minRate: 0.5, now: clock.now });
    budget.throttled(); // leaves slow start: the rate grows along the cubic curve from here
    const start = budget.rate;
    // Demand outruns the rate, and the service answers every request at once; as `acquire` does,
    // each waiter asks again when the next token is due (about 2 s later at first), for 60 s.
    while (clock.now() < 61_000) {
      const { granted, waitMs } = budget.take(1, 5);
      if (granted) budget.succeeded();
      clock.advance(granted ? 1 : waitMs);
    }
    expect(budget.rate).toBeGreaterThan(2 * start);
  });

  it("does not grow while its requests stall after drawing tokens: tokens granted are not requests answered", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 10, now: clock.now });
    // Ten seconds of demand beyond the rate, every token drawn, and no request answered (they
    // wait behind a stalled journal commit). On time alone, slow start would reach 10 240 a second.
    for (let i = 0; i < 100; i++) {
      budget.take(1, 50);
      clock.advance(100);
    }
    expect(budget.rate).toBe(10);
    // Once answers come at the rate (half of it over the last second, then a second of growth), it grows again.
    for (let i = 0; i < 20; i++) {
      if (budget.take(1, 50).granted) budget.succeeded();
      clock.advance(100);
    }
    budget.take(1, 50);
    expect(budget.rate).toBe(20);
  });

  it("reserves a token due within the horizon: later callers queue behind the reservation, none beyond the horizon, none during a pause", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 10, now: clock.now });
    expect(budget.take(1, 1, 250)).toEqual({ granted: 1, waitMs: 0 }); // the one token in the bucket
    expect(budget.take(1, 1, 250).waitMs).toBeCloseTo(100, 5); // due at 10 a second
    expect(budget.take(1, 1, 250).waitMs).toBeCloseTo(200, 5); // behind the first reservation
    const beyond = budget.take(1, 1, 250); // would be due in 300 ms: not reserved
    expect(beyond.granted).toBe(0);
    expect(beyond.waitMs).toBeCloseTo(300, 5);
    clock.advance(300);
    budget.throttled(1000);
    const paused = budget.take(1, 1, 250);
    expect(paused.granted).toBe(0);
    expect(paused.waitMs).toBeGreaterThanOrEqual(1000);
  });

  it("a 429 with too little history to measure cuts to 70% of the rate allowed", () => {
    const clock = manualClock();
    const budget = new AdaptiveRate({ initialRate: 40, now: clock.now });
    clock.advance(100);
    budget.throttled();
    expect(budget.rate).toBeCloseTo(28, 5);
  });

  it("saves no tokens over a Retry-After pause: after it, requests go at the rate, not in a burst", async () => {
    const budget = new AdaptiveRate({ initialRate: 20 });
    budget.throttled(300); // the rate becomes 14 a second; nothing goes for 300 ms
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await budget.acquire();
        times.push(performance.now() - started);
      }),
    );
    expect(Math.min(...times)).toBeGreaterThanOrEqual(295);
    // A bucket that had filled during the pause would let all six go at 300 ms; at 14 a second
    // the sixth goes about 360 ms after the pause ends.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(300 + 250);
  });
});
