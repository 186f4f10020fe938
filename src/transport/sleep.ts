/** The longest delay one timer can hold (about 24.8 days); longer waits are chained. */
const maxTimer = 2 ** 31 - 1;

/** Waits `ms` (any length, even `Infinity`), or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const end = Date.now() + ms;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = () => {
      const left = end - Date.now();
      if (left > 0) timer = setTimeout(arm, Math.min(left, maxTimer));
      else {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    arm();
  });
}

/**
 * Waits for `work`, or rejects with the signal's reason as soon as it aborts, leaving the work
 * to finish for whoever else awaits it (a login shared by many requests).
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
