/**
 * Reads `--time` as the API's UTC milliseconds: either an integer of epoch milliseconds, or an
 * ISO 8601 date-time with `Z` or an explicit offset (a time without one would depend on the
 * machine's time zone, so it is refused).
 */
export function parseRestoreTime(value: string): number {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed);
    if (!Number.isSafeInteger(ms)) throw new RangeError(`--time ${trimmed} is too large`);
    return ms;
  }
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;
  if (!iso.test(trimmed)) {
    throw new RangeError(`--time must be epoch milliseconds or ISO 8601 with Z or an offset (2026-11-20T10:00:00Z), got ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) throw new RangeError(`--time ${JSON.stringify(value)} is not a real date`);
  return ms;
}
