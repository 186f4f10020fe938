/** Median, minimum and maximum of a sample. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
}

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));
export const fmt = (s: Spread, digits = 1) => `${round(s.median, digits)} (${round(s.min, digits)}–${round(s.max, digits)})`;

/** A horizontal bar for a markdown chart. */
export function bar(value: number, max: number, width = 40): string {
  return "█".repeat(Math.max(1, Math.round((value / max) * width)));
}
