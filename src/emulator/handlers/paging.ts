import { ServiceRefusal } from "../service-errors.js";
import type { HandlerContext } from "./context.js";

/** An integer query parameter (already checked against the spec), or undefined when absent. */
export function intParam(c: HandlerContext, name: string): number | undefined {
  const text = c.query.get(name);
  return text === null || text === "" ? undefined : Number(text);
}

/** A string query parameter, or undefined when absent or empty. */
export function textParam(c: HandlerContext, name: string): string | undefined {
  const text = c.query.get(name);
  return text === null || text === "" ? undefined : text;
}

export interface PageOptions<T> {
  readonly defaultLimit: number;
  /** The maximum the page documents for `limit`; above it the answer is 400. */
  readonly maxLimit?: number;
  /** The service's code for an invalid parameter. */
  readonly invalid: string;
  /** With `marker` support: a record's ID; the page starts after the record it names. */
  readonly idOf?: (item: T) => string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Whether records follow this page. */
  readonly more: boolean;
}

/** One page of `all` by `limit`, `offset` and (where supported) `marker`. */
export function paginate<T>(c: HandlerContext, all: readonly T[], o: PageOptions<T>): Page<T> {
  const limit = Math.max(0, intParam(c, "limit") ?? o.defaultLimit);
  if (o.maxLimit !== undefined && limit > o.maxLimit) {
    throw new ServiceRefusal(400, o.invalid, `The query parameter limit ${limit} is above the documented maximum of ${o.maxLimit}.`);
  }
  const offset = Math.max(0, intParam(c, "offset") ?? 0);
  let start = offset;
  const marker = o.idOf ? textParam(c, "marker") : undefined;
  if (marker !== undefined && o.idOf) {
    const at = all.findIndex((item) => o.idOf?.(item) === marker);
    if (at < 0) throw new ServiceRefusal(400, o.invalid, `The marker ${marker} is not the ID of a listed record.`);
    start += at + 1;
  }
  const items = all.slice(start, start + limit);
  return { items, total: all.length, offset, limit, more: start + items.length < all.length };
}

/** A `yyyy-mm-ddThh:mm:ssZ`-style time as UTC milliseconds, or a 400 naming the parameter. */
export function timeParam(c: HandlerContext, name: string, invalid: string): number | undefined {
  const text = textParam(c, name);
  if (text === undefined) return undefined;
  // `+0800` is the pages' offset style; Date.parse wants `+08:00`.
  const at = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (Number.isNaN(at)) throw new ServiceRefusal(400, invalid, `The query parameter ${name} ${JSON.stringify(text)} is not a time in the documented format.`);
  return at;
}

/** UTC `2020-02-23T01:00:32Z`. */
export const utcSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** UTC with a numeric offset, `2020-07-15T07:46:10+0000` (RDS's format). */
export const utcOffset = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

/** UTC with microseconds and no zone, `2020-02-05T10:38:34.209000` (CBR's and CSBS's backup times). */
export const utcMicros = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "000");
