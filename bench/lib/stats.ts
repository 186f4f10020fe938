/** Median and range of a sample: every figure in the results is one of these. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("spread of an empty sample");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number, n: s.length };
}

/** Runs `measure` for every named case, round after round, rotating the order each round. */
export async function interleaved<T>(
  names: readonly string[],
  rounds: number,
  measure: (name: string) => Promise<T> | T,
): Promise<Record<string, T[]>> {
  const samples: Record<string, T[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length] as string;
      samples[name]?.push(await measure(name));
    }
  }
  return samples;
}

export const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};
