import { ValidationError } from "../errors/validation-error.js";

/** The longest delay a timer holds (about 24.8 days). */
export const maxTimerMs = 2 ** 31 - 1;

/** The numeric options and their ranges: `[min, max, integer]`. */
const ranges: Readonly<Record<string, readonly [number, number, boolean?]>> = {
  timeoutMs: [1, maxTimerMs],
  maxRetries: [0, 1000, true],
  baseDelayMs: [0, maxTimerMs],
  maxDelayMs: [0, maxTimerMs],
  maxRetryAfterMs: [0, Number.POSITIVE_INFINITY],
  maxResponseBytes: [1, 2 ** 32, true],
  firstDelayMs: [0, maxTimerMs],
  minDelayMs: [0, maxTimerMs],
  maxWaitMs: [0, maxTimerMs],
  confirmAfterMs: [0, maxTimerMs],
  refreshBeforeMs: [0, maxTimerMs],
  probeTimeoutMs: [1, maxTimerMs],
};

/**
 * Refuses a numeric option that is not a number in its range (NaN, Infinity, a negative or a
 * too-long delay) with a `ValidationError` naming it, before anything is sent.
 */
export function checkOptions(where: string, options: object): void {
  const issues = [];
  for (const [key, value] of Object.entries(options)) {
    const range = ranges[key];
    if (!range || value === undefined) continue;
    const [min, max, integer] = range;
    const ok = typeof value === "number" && value >= min && value <= max && (!integer || Number.isInteger(value));
    if (!ok) {
      const what = `${integer ? "an integer" : "a number"} from ${min} to ${max === Number.POSITIVE_INFINITY ? "Infinity" : max}`;
      issues.push({ path: key, rule: "range", message: `${key} must be ${what}, not ${typeof value === "number" ? value : typeof value}` });
    }
  }
  if (issues.length) throw new ValidationError(where, issues);
}
