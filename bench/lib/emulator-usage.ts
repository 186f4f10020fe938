/**
 * What an emulator saw of one run: requests and 429s it answered, restores it accepted (and
 * which targets were restored more than once), and the lower bounds from the durations it drew.
 */
import type { Emulator, EmulatorStats, RateLimit } from "../../src/emulator/index.js";
import { arrivalOrderBoundMs, longestFirstBoundMs } from "./lower-bound.js";

/** Where the emulator's counters stood before a run. */
export interface EmulatorMark {
  readonly stats: EmulatorStats;
  readonly log: number;
}

export interface EmulatorUsage {
  /** The earliest any schedule under the emulator's rate limit could have finished ({@link arrivalOrderBoundMs}). */
  readonly lowerBoundMs: number;
  /** The clairvoyant floor: the longest restores sent first ({@link longestFirstBoundMs}). */
  readonly clairvoyantBoundMs: number;
  readonly requests: number;
  readonly requestsByOperation: Readonly<Record<string, number>>;
  /** 429 answers of the emulator's rate limit. */
  readonly throttled: number;
  readonly applied: number;
  /** Targets restored more than once in this run. */
  readonly duplicates: number;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

export const markEmulator = (emulator: Emulator): EmulatorMark => ({ stats: emulator.stats, log: emulator.restoreLog.length });

/** What `emulator` answered and accepted since `mark`. */
export function usageSince(emulator: Emulator, mark: EmulatorMark, limit: Required<RateLimit>): EmulatorUsage {
  const after = emulator.stats;
  const restores = [...emulator.restoreLog.slice(mark.log)].sort((a, b) => a.seq - b.seq);
  const perTarget = new Map<string, number>();
  for (const r of restores) perTarget.set(`${r.service}:${r.target}`, (perTarget.get(`${r.service}:${r.target}`) ?? 0) + 1);
  const durations: Record<string, number[]> = {};
  for (const r of restores) (durations[r.service] ??= []).push(r.durationMs);
  const requestsByOperation = Object.fromEntries(
    Object.entries(after.requests)
      .map(([op, n]) => [op, n - (mark.stats.requests[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  return {
    lowerBoundMs: arrivalOrderBoundMs(durations, limit.requestsPerSecond, limit.burst),
    clairvoyantBoundMs: longestFirstBoundMs(durations, limit.requestsPerSecond, limit.burst),
    requests: sum(Object.values(requestsByOperation)),
    requestsByOperation,
    throttled: sum(Object.entries(after.rateLimited).map(([s, n]) => n - (mark.stats.rateLimited[s] ?? 0))),
    applied: restores.length,
    duplicates: [...perTarget.values()].filter((n) => n > 1).length,
  };
}
