import { UsageError } from "./exit-codes.js";

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
/** The longest delay a timer holds (about 24.8 days). */
const maxMs = 2 ** 31 - 1;

/**
 * A duration flag in milliseconds: `1500ms`, `90s`, `20m`, `2h`, or a bare number of
 * milliseconds; from 1 ms to about 24 days (what a timer holds).
 */
export function parseDuration(flag: string, raw: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw new UsageError(`--${flag} takes a duration such as 1500ms, 90s, 20m or 2h, got ${JSON.stringify(raw)}`);
  const ms = Number(m[1]) * unitMs[(m[2] ?? "ms") as keyof typeof unitMs];
  if (ms < 1 || ms > maxMs) throw new UsageError(`--${flag} must be from 1ms to ${Math.floor(maxMs / 3_600_000)}h, got ${JSON.stringify(raw)}`);
  return ms;
}
