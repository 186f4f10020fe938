import { UsageError } from "./exit-codes.js";

/** The instant `--time` names, as the API takes it (epoch milliseconds) and as a person reads it. */
export interface RestorePoint {
  readonly epochMs: number;
  readonly iso: string;
}

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;

/** UTC milliseconds of a calendar date and time; years 0–99 are taken as written, not as 19xx. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

const bad = (value: string, why: string) => new UsageError(`--time ${JSON.stringify(value)} ${why}`);

/** Why a calendar date does not exist, or `undefined` when it does. */
function dateProblem(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `has month ${String(month).padStart(2, "0")}; months are 01 to 12`;
  const last = daysIn(year, month);
  if (day < 1 || day > last) {
    const leap = month === 2 ? (isLeap(year) ? ` (${year} is a leap year)` : ` (${year} is not a leap year)`) : "";
    return `is not a date: ${monthNames[month - 1]} ${year} has ${last} days${leap}`;
  }
  return undefined;
}

/** A bare number is refused: seconds and milliseconds are both plausible, and they differ by decades. */
function ambiguousNumber(value: string): UsageError {
  const n = Number(value);
  const show = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : "out of range");
  return bad(
    value,
    `is a bare number, which could be seconds (${show(n * 1000)}) or milliseconds (${show(n)}); write the unit, ${value}s or ${value}ms, or an RFC 3339 date-time such as 2018-07-19T11:57:26.987Z`,
  );
}

/**
 * Reads `--time`: an RFC 3339 date-time with an explicit offset (`2018-07-19T11:57:26.987Z`,
 * `2018-07-19T13:57:26+02:00`), or epoch time with a unit (`1532001446987ms`, `1532001446s`).
 * Refused, with the reason and a corrected example: a date that does not exist (30 February,
 * 31 April), hours beyond 23, minutes or seconds beyond 59 (a leap second, `:60`, has no epoch
 * millisecond), more than three fractional digits (the API takes milliseconds), a missing
 * offset or seconds, a date without a time, and a bare number.
 */
export function parseRestoreTime(value: string): RestorePoint {
  const text = value.trim();
  const withUnit = /^(-?\d+)(ms|s)$/.exec(text);
  if (withUnit) {
    const ms = Number(withUnit[1]) * (withUnit[2] === "s" ? 1000 : 1);
    if (!Number.isSafeInteger(ms) || Math.abs(ms) > 8.64e15) throw bad(value, "is beyond the dates JavaScript can represent");
    return { epochMs: ms, iso: new Date(ms).toISOString() };
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) throw ambiguousNumber(text);
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const [, y, mo, d] = dateOnly.map(Number) as [number, number, number, number];
    const problem = dateProblem(y, mo, d);
    if (problem) throw bad(value, problem);
    throw bad(value, `is a day, not an instant: add the time and the offset, such as ${text}T00:00:00Z`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) {
    throw bad(value, "is not an RFC 3339 date-time with an offset (2018-07-19T11:57:26.987Z, 2018-07-19T13:57:26+02:00) nor epoch time with a unit (1532001446987ms, 1532001446s)");
  }
  const [, ys, mos, ds, hs, mis, ss, frac, offset] = m;
  const [year, month, day, hour, minute] = [ys, mos, ds, hs, mis].map(Number) as [number, number, number, number, number];
  const example = `${ys}-${mos}-${ds}T${hs}:${mis}:${ss ?? "00"}${frac ? `.${frac.slice(0, 3)}` : ""}${offset ?? "Z"}`;
  if (ss === undefined) throw bad(value, `has no seconds, which RFC 3339 requires: ${example}`);
  if (offset === undefined) throw bad(value, `has no offset, so its instant would depend on this machine's time zone: add Z for UTC or +hh:mm, such as ${example}`);
  const problem = dateProblem(year, month, day);
  if (problem) throw bad(value, problem);
  if (hour > 23) throw bad(value, `has hour ${hs}; hours are 00 to 23 (midnight at the end of a day is 00:00:00 of the next)`);
  if (minute > 59) throw bad(value, `has minute ${mis}; minutes are 00 to 59`);
  const second = Number(ss);
  if (second === 60) throw bad(value, "names a leap second (:60), which has no epoch millisecond; use :59.999 or the next minute's :00");
  if (second > 59) throw bad(value, `has second ${ss}; seconds are 00 to 59`);
  if (frac !== undefined && frac.length > 3) throw bad(value, `has ${frac.length} fractional digits; the API takes milliseconds, at most 3 digits`);
  let offsetMs = 0;
  if (offset !== "Z" && offset !== "z") {
    const [oh, om] = offset.slice(1).split(":").map(Number) as [number, number];
    if (oh > 23 || om > 59) throw bad(value, `has the offset ${offset}; offsets are -23:59 to +23:59`);
    offsetMs = (offset.startsWith("-") ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, "0"));
  const epochMs = utcMs(year, month, day, hour, minute, second, ms) - offsetMs;
  return { epochMs, iso: new Date(epochMs).toISOString() };
}
