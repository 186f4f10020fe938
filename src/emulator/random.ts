/** A small seeded generator (mulberry32), so that a seed repeats IDs, durations and faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lower-case hex of `bytes` random bytes. */
export function randomHex(random: () => number, bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++) out += Math.floor(random() * 256).toString(16).padStart(2, "0");
  return out;
}

/** A random UUID (version 4 layout) from the generator. */
export function randomUuid(random: () => number): string {
  const h = randomHex(random, 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
