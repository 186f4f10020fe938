/**
 * Keys due at given times, soonest first (a binary min-heap). Scheduling a key again replaces
 * its time: an entry whose time is no longer the key's is skipped when it comes up, so that
 * finding what is due costs O(log n) per key, not a scan of every key.
 */
export class DueQueue<K> {
  readonly #heap: { readonly at: number; readonly key: K }[] = [];
  readonly #at = new Map<K, number>();

  get size(): number {
    return this.#at.size;
  }

  /** When `key` is due, if it is queued. */
  dueAt(key: K): number | undefined {
    return this.#at.get(key);
  }

  /** When `key` is due, replacing any earlier time. */
  schedule(key: K, at: number): void {
    this.#at.set(key, at);
    this.#push({ at, key });
  }

  delete(key: K): void {
    this.#at.delete(key);
  }

  /** When the soonest key is due (Infinity when none is). */
  get nextAt(): number {
    this.#dropStale();
    return this.#heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Removes and returns the keys due at or before `now`, soonest first. */
  takeDue(now: number): K[] {
    const due: K[] = [];
    for (this.#dropStale(); this.#heap.length && (this.#heap[0] as { at: number }).at <= now; this.#dropStale()) {
      const { key } = this.#pop();
      this.#at.delete(key);
      due.push(key);
    }
    return due;
  }

  #dropStale(): void {
    while (this.#heap.length) {
      const top = this.#heap[0] as { at: number; key: K };
      if (this.#at.get(top.key) === top.at) return;
      this.#pop();
    }
  }

  #push(entry: { readonly at: number; readonly key: K }): void {
    const h = this.#heap;
    h.push(entry);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as typeof entry).at <= entry.at) break;
      h[i] = h[parent] as typeof entry;
      h[parent] = entry;
      i = parent;
    }
  }

  #pop(): { readonly at: number; readonly key: K } {
    const h = this.#heap;
    const top = h[0] as (typeof h)[number];
    const last = h.pop() as (typeof h)[number];
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < h.length && (h[l] as typeof last).at < (h[min] as typeof last).at) min = l;
        if (r < h.length && (h[r] as typeof last).at < (h[min] as typeof last).at) min = r;
        if (min === i) break;
        [h[i], h[min]] = [h[min] as typeof last, h[i] as typeof last];
        i = min;
      }
    }
    return top;
  }
}
