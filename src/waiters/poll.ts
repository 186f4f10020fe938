import { ApiError } from "../errors/api-error.js";
import { checkOptions, maxTimerMs } from "../client/check-options.js";
import { AbortedError, ConnectionError, MalformedResponseError, TimeoutError } from "../errors/transport-errors.js";
import { RestoreFailedError, WaitTimeoutError } from "../errors/wait-errors.js";
import { sleep } from "../transport/sleep.js";

/** How to wait. The defaults keep both the lag after completion and the number of reads low; see the README. */
export interface WaitOptions {
  /** Before the first read; default 1 s. */
  readonly firstDelayMs?: number;
  /** Smallest gap between reads; default 1 s. */
  readonly minDelayMs?: number;
  /** Largest gap between reads; default 8 s. */
  readonly maxDelayMs?: number;
  /** Give up (with `WaitTimeoutError`) after this long; default 30 minutes. */
  readonly maxWaitMs?: number;
  /**
   * A backup or disk that already reads as finished before the restore was ever seen running is
   * trusted only after this long (the service may not have switched it yet); default 5 s. Not
   * used for RDS jobs, which the restore itself creates.
   */
  readonly confirmAfterMs?: number;
  readonly signal?: AbortSignal;
  /** Called after every read, and after every transient error absorbed. */
  readonly onProgress?: (progress: WaitProgress) => void;
}

export interface WaitProgress {
  readonly service: string;
  readonly resource: string;
  /** The status last read, or `undefined` before the first successful read. */
  readonly status: string | undefined;
  readonly reads: number;
  readonly elapsedMs: number;
  /** Set when this progress report is about a transient error that was absorbed. */
  readonly transientError?: string;
}

/** What one status read says. */
export interface Verdict {
  readonly status: string;
  readonly outcome: "pending" | "succeeded" | "failed";
  readonly reason?: string | undefined;
}

export interface PollTarget<S> {
  readonly service: string;
  /** For messages: `backup 5d82…`, `job ff80…`. */
  readonly resource: string;
  /** One status read, with a timeout no longer than `remainingMs`. */
  read(signal: AbortSignal | undefined, remainingMs: number): Promise<S>;
  /** What a state means; `undefined` when the answer has no readable status (absorbed like a failed read). */
  judge(state: S): Verdict | undefined;
  /** Whether a finished state read before any pending one is doubted for `confirmAfterMs`. */
  readonly doubtEarlyFinish: boolean;
  /** How long a 404 counts as "not readable yet" rather than a failure (RDS jobs appear after a few seconds). */
  readonly notFoundGraceMs?: number;
}

/** Errors that say nothing about the restore: the read may succeed if tried again. */
function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 429 || error.status >= 500;
  return error instanceof ConnectionError || error instanceof TimeoutError || error instanceof MalformedResponseError;
}

const defaults = { firstDelayMs: 1000, minDelayMs: 1000, maxDelayMs: 8000, maxWaitMs: 1_800_000 /* 30 minutes */, confirmAfterMs: 5000 };
const growth = 1.5;
/** How far past `maxWaitMs` a read already under way may run. */
const lastReadGraceMs = 1000;

/**
 * Reads a status until it is final. The gap between reads starts at `minDelayMs` and grows by
 * half each time up to `maxDelayMs`, with ±20% jitter so that many waiters do not read in step.
 * Ends in exactly one of: the final state (success), `RestoreFailedError`, `WaitTimeoutError`
 * (at most a second after `maxWaitMs`, whatever the reads are doing), or `AbortedError`.
 * Transient read errors (429, 5xx, connection, timeout, an answer without a status) are
 * absorbed within the time budget. A read the service refuses outright (401, 403, a 404 after
 * the target's grace period) cannot be fixed by waiting, and its typed error is thrown.
 */
export async function pollUntilDone<S>(target: PollTarget<S>, options: WaitOptions = {}, random: () => number = Math.random): Promise<S> {
  checkOptions("wait options", options);
  const o = { ...defaults, ...options };
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error("maxWaitMs reached")), Math.min(maxTimerMs, Math.ceil(o.maxWaitMs) + lastReadGraceMs));
  const signal = o.signal ? AbortSignal.any([o.signal, deadline.signal]) : deadline.signal;
  let reads = 0;
  let status: string | undefined;
  let lastError: string | undefined;
  let gap = o.minDelayMs;
  let delay = o.firstDelayMs;
  let sawPending = false;
  const facts = () => ({ service: target.service, resource: target.resource, status, reads, elapsedMs: elapsed() });
  const progress = (transientError?: string) => o.onProgress?.({ ...facts(), ...(transientError ? { transientError } : {}) });
  const stopped = () =>
    o.signal?.aborted
      ? new AbortedError(`${target.service} wait for ${target.resource}`, o.signal.reason, { fate: "accepted" })
      : new WaitTimeoutError({ ...facts(), maxWaitMs: o.maxWaitMs, lastError });
  try {
    for (;;) {
      // At least one read always happens, however short the budget.
      const remaining = Math.max(0, o.maxWaitMs - elapsed());
      if (remaining <= 0 && reads > 0) throw stopped();
      // The last read happens at the deadline itself, so a restore that ends just in time counts.
      await sleep(Math.min(delay, remaining), signal).catch(() => {
        throw stopped();
      });
      let verdict: Verdict | undefined;
      let state: S | undefined;
      try {
        reads++;
        state = await target.read(signal, Math.max(1, o.maxWaitMs + lastReadGraceMs - elapsed()));
        verdict = target.judge(state);
        lastError = verdict ? undefined : `the answer has no status: ${JSON.stringify(state)?.slice(0, 200)}`;
      } catch (error) {
        if (signal.aborted) throw stopped();
        const notYet = error instanceof ApiError && error.status === 404 && elapsed() < (target.notFoundGraceMs ?? 0);
        if (!notYet && !isTransient(error)) throw error;
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (!verdict) {
        progress(lastError);
        delay = gap;
        gap = Math.min(o.maxDelayMs, gap * growth);
        continue;
      }
      status = verdict.status;
      progress();
      if (verdict.outcome === "pending") sawPending = true;
      const trusted = sawPending || !target.doubtEarlyFinish || elapsed() >= o.confirmAfterMs;
      if (verdict.outcome === "succeeded" && trusted) return state as S;
      if (verdict.outcome === "failed") throw new RestoreFailedError({ ...facts(), reason: verdict.reason });
      delay = Math.round(gap * (0.8 + 0.4 * random()));
      gap = Math.min(o.maxDelayMs, gap * growth);
    }
  } finally {
    clearTimeout(timer);
  }
}
