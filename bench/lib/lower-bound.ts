/**
 * The earliest a set of restores could finish under a per-service token bucket (`rate` requests a
 * second, `burst` at once), from the durations the emulator really drew. The bucket lets the k-th
 * POST of a service (k from 0) go no sooner than max(0, (k − burst + 1) / rate) seconds after the
 * first, and a restore ends its duration after its POST. Status reads are left out (one list read
 * can confirm many restores), which only lowers the bounds.
 */

/** The k-th slot of a token bucket, in milliseconds after the first request. */
const slotMs = (k: number, rate: number, burst: number) => (Math.max(0, k - burst + 1) / rate) * 1000;

function latestEnd(durations: readonly number[], rate: number, burst: number): number {
  return durations.reduce((end, duration, k) => Math.max(end, slotMs(k, rate, burst) + duration), 0);
}

/**
 * With the durations in the order the emulator drew them, one per accepted restore of the
 * service: the emulator draws a restore's duration when it accepts it, so the k-th restore a
 * service accepts lasts the k-th duration whatever resource it restores. No schedule under the
 * bucket can accept its k-th restore before the k-th slot, so none finishes earlier.
 */
export function arrivalOrderBoundMs(durationsByService: Readonly<Record<string, readonly number[]>>, rate: number, burst: number): number {
  return Math.max(0, ...Object.values(durationsByService).map((d) => latestEnd(d, rate, burst)));
}

/**
 * A clairvoyant bound: as if a scheduler knew every duration before sending and sent the longest
 * restores first (an exchange argument shows that order minimises the latest end). No real
 * scheduler knows a restore's duration in advance; this is the floor under every schedule.
 */
export function longestFirstBoundMs(durationsByService: Readonly<Record<string, readonly number[]>>, rate: number, burst: number): number {
  return Math.max(0, ...Object.values(durationsByService).map((d) => latestEnd([...d].sort((a, b) => b - a), rate, burst)));
}
