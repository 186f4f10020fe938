import { type ValidationIssue, formatPath } from "./validate.js";

type Segment = string | number;

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why JSON would not carry a value faithfully (it would drop it, turn it into null, or throw), or `undefined`. */
function unfaithful(value: unknown, inArray: boolean): string | undefined {
  if (value === undefined) return inArray ? "is an empty or undefined array item, which JSON would send as null" : undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `is ${value}, which JSON would send as null`;
  if (typeof value === "string") return loneSurrogate.test(value) ? "is not well-formed Unicode (a lone surrogate)" : undefined;
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return `is a ${typeof value}, which JSON cannot carry`;
  return undefined;
}

/**
 * Serializes a request body, refusing what JSON cannot carry as given: holes and `undefined` in
 * arrays, non-finite numbers, functions, symbols, BigInts, lone surrogates, cycles. The caller
 * then validates `JSON.parse(json)`, so what is checked is exactly what is sent (a `toJSON`
 * method's output included).
 */
export function serialize(value: unknown): { readonly json: string } | { readonly issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const paths = new Map<unknown, Segment[]>();
  let json: string | undefined;
  try {
    json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      const holder = paths.get(this);
      const path = holder ? [...holder, Array.isArray(this) ? Number(key) : key] : [];
      const problem = unfaithful(v, Array.isArray(this));
      if (problem) {
        const where = formatPath(path);
        issues.push({ path: where, rule: "json", message: `${where || "(body)"} ${problem}` });
        return null;
      }
      if (v !== null && typeof v === "object") paths.set(v, path);
      return v;
    });
  } catch (error) {
    issues.push({ path: "", rule: "json", message: `(body) cannot be serialized as JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  return issues.length || json === undefined ? { issues } : { json };
}
