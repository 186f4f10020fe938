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
