import { afterEach, describe, expect, it } from "vitest";
import * as vbs from "../../generated/operations/vbs.js";
import { durationSampler } from "../../src/emulator/durations.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { seededRandom } from "../../src/emulator/random.js";
import { operationCaller } from "../support/read-operations.js";

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

describe("restore durations", () => {
  it("a log-normal distribution has the given median and 95th percentile, repeats by seed, and stops at maxMs", () => {
    const draw = (seed: number) => {
      const sample = durationSampler({ distribution: "lognormal", medianMs: 20_000, p95Ms: 120_000 }, seededRandom(seed));
      return Array.from({ length: 20_000 }, sample).sort((a, b) => a - b);
    };
    const values = draw(7);
    expect(quantile(values, 0.5)).toBeGreaterThan(19_000);
    expect(quantile(values, 0.5)).toBeLessThan(21_000);
    expect(quantile(values, 0.95)).toBeGreaterThan(110_000);
    expect(quantile(values, 0.95)).toBeLessThan(130_000);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(draw(7)).toEqual(values);
    const capped = durationSampler({ distribution: "lognormal", medianMs: 1000, p95Ms: 50_000, maxMs: 5000 }, seededRandom(1));
    expect(Math.max(...Array.from({ length: 2000 }, capped))).toBe(5000);
  });

  it("a uniform range, in either spelling, stays within its bounds; a fixed time is that time", () => {
    for (const d of [{ min: 100, max: 200 }, { distribution: "uniform" as const, minMs: 100, maxMs: 200 }]) {
      const values = Array.from({ length: 1000 }, durationSampler(d, seededRandom(3)));
      expect(Math.min(...values)).toBeGreaterThanOrEqual(100);
      expect(Math.max(...values)).toBeLessThanOrEqual(200);
      expect(new Set(values).size).toBeGreaterThan(50);
    }
    expect(durationSampler(250, seededRandom(1))()).toBe(250);
  });

  it("refuses distributions that cannot be drawn from", () => {
    const random = seededRandom(1);
    expect(() => durationSampler({ distribution: "lognormal", medianMs: 0, p95Ms: 10 }, random)).toThrow(/medianMs/);
    expect(() => durationSampler({ distribution: "lognormal", medianMs: 100, p95Ms: 10 }, random)).toThrow(/p95Ms/);
    expect(() => durationSampler({ distribution: "uniform", minMs: 10, maxMs: 5 }, random)).toThrow(/min <= max/);
    expect(() => durationSampler(-1, random)).toThrow(/fixed duration/);
    expect(() => durationSampler({ distribution: "normal", minMs: 1, maxMs: 2 } as never, random)).toThrow(/distribution/);
  });
});

describe("the restore log records each restore's duration, and the restore ends after it", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it("with a log-normal distribution", async () => {
    emulator = await startEmulator({ port: 0, seed: 11, rateLimit: false, restoreDurationMs: { distribution: "lognormal", medianMs: 150, p95Ms: 300 } });
    const call = operationCaller(emulator);
    await call(vbs.restoreBackup, { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } });
    const [record] = emulator.restoreLog;
    expect(record?.durationMs).toBeGreaterThan(0);
    expect(record?.finishesAt).toBe((record?.at ?? 0) + (record?.durationMs ?? 0));
    await new Promise((r) => setTimeout(r, (record?.durationMs ?? 0) + 150));
    expect((await call(vbs.showVolume, { volumeId: "2748f2f2-4394-4e6e-af8d-8dd34496c024" })).volume.status).toBe("available");
  });
});
