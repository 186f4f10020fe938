/**
 * How long an accepted restore takes before it ends: a fixed time, a range drawn uniformly
 * (`{ min, max }`, or `{ distribution: "uniform", minMs, maxMs }`), or a log-normal
 * distribution given by its median and 95th percentile, which has the long tail real restores
 * have. Every draw uses the emulator's seeded generator.
 */
export type RestoreDuration =
  | number
  | { readonly min: number; readonly max: number }
  | { readonly distribution: "uniform"; readonly minMs: number; readonly maxMs: number }
  | { readonly distribution: "lognormal"; readonly medianMs: number; readonly p95Ms: number; readonly maxMs?: number };

/** The longest delay one timer holds; a restore never takes longer. */
const longest = 2 ** 31 - 1;
/** The 95th percentile of the standard normal distribution. */
const z95 = 1.6448536269514722;

const check = (ok: boolean, what: string) => {
  if (!ok) throw new RangeError(`restoreDurationMs: ${what}`);
};
const ms = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= longest;

/** A sampler of restore durations in whole milliseconds; throws `RangeError` naming what is wrong with `d`. */
export function durationSampler(d: RestoreDuration, random: () => number): () => number {
  if (typeof d === "number") {
    check(ms(d), `a fixed duration must be 0 to ${longest} ms`);
    return () => Math.round(d);
  }
  if ("distribution" in d && d.distribution === "lognormal") {
    const { medianMs, p95Ms, maxMs = longest } = d;
    check(ms(medianMs) && medianMs > 0, "medianMs must be more than 0");
    check(ms(p95Ms) && p95Ms >= medianMs, "p95Ms must be at least medianMs");
    check(ms(maxMs), `maxMs must be 0 to ${longest} ms`);
    const sigma = Math.log(p95Ms / medianMs) / z95;
    return () => {
      // Box-Muller: two uniform draws make one standard normal one; 1 - u keeps the logarithm finite.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.min(maxMs, Math.round(medianMs * Math.exp(sigma * z)));
    };
  }
  const [min, max] = "distribution" in d ? [d.minMs, d.maxMs] : [d.min, d.max];
  check("distribution" in d ? d.distribution === "uniform" : true, 'distribution must be "uniform" or "lognormal"');
  check(ms(min) && ms(max) && max >= min, "a range needs 0 <= min <= max");
  return () => Math.round(min + random() * (max - min));
}
