import type { JsonType, Primitive, Schema } from "./schema.js";

/** One broken rule: where (a path such as `restore.mappings[0].volume_id`), which keyword, and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

type Segment = string | number;
type Report = (path: readonly Segment[], rule: string, what: string) => void;

const identifier = /^[A-Za-z_$][\w$]*$/;

/** Formats path segments the way a caller would write them in code. */
export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (identifier.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** The JSON type of a value, or a description of why it has none (it would not survive JSON). */
function typeOf(value: unknown): JsonType | string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value !== "number") return typeof value;
  if (!Number.isFinite(value)) return "a non-finite number";
  // An integer beyond 2^53 is not exact: JSON would send it as 1e+300 or with its low digits changed.
  return Number.isSafeInteger(value) ? "integer" : "number";
}

const show = (v: unknown): string => JSON.stringify(v);

/** Whether `value` satisfies `schema`. */
function passes(schema: Schema, value: unknown): boolean {
  let ok = true;
  check(schema, value, [], () => {
    ok = false;
  });
  return ok;
}

/**
 * Reports every rule of `schema` that `value` breaks. `rule` is the title of the composite rule
 * (an `allOf` entry or a titled `if`/`then`) being checked, which messages name.
 */
function check(schema: Schema, value: unknown, path: readonly Segment[], report: Report, rule?: string): void {
  const add: Report = (at, keyword, what) => report(at, keyword, rule && !what.includes(rule) ? `${what} (rule "${rule}")` : what);
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types: readonly JsonType[] = typeof schema.type === "string" ? [schema.type] : schema.type;
    if (!types.some((t) => t === actual || (t === "number" && actual === "integer"))) {
      const inexact = Number.isInteger(value) && types.includes("integer");
      return add(path, "type", inexact ? "must be an integer of at most 2^53-1 in size (larger ones are not exact in JSON)" : `must be ${types.join(" or ")}, not ${actual}`);
    }
  }
  // The generator allows only JSON primitives in `const` and `enum`, so identity is equality.
  if (schema.const !== undefined && value !== schema.const) add(path, "const", `must be ${show(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value as Primitive)) add(path, "enum", `must be one of ${schema.enum.map(show).join(", ")}`);
  if (typeof value === "string") {
    // Code points, as JSON Schema counts them; only counted when a length rule applies.
    const length = schema.minLength === undefined && schema.maxLength === undefined ? 0 : [...value].length;
    if (length < (schema.minLength ?? 0)) add(path, "minLength", `must be at least ${schema.minLength} characters long`);
    if (length > (schema.maxLength ?? Infinity)) add(path, "maxLength", `must be at most ${schema.maxLength} characters long`);
  } else if (typeof value === "number") {
    if (value < (schema.minimum ?? -Infinity)) add(path, "minimum", `must be at least ${schema.minimum}`);
    if (value > (schema.maximum ?? Infinity)) add(path, "maximum", `must be at most ${schema.maximum}`);
  } else if (Array.isArray(value)) {
    const { minItems = 0 } = schema;
    if (value.length < minItems) add(path, "minItems", `must have at least ${minItems} item${minItems === 1 ? "" : "s"}`);
    // An index loop, not forEach: a hole must be checked (and refused) like any other item.
    for (let i = 0; schema.items && i < value.length; i++) check(schema.items, value[i], [...path, i], report, rule);
  } else if (actual === "object") {
    checkObject(schema, value as Record<string, unknown>, path, add, report, rule);
  }
  for (const part of schema.allOf ?? []) check(part, value, path, report, part.title ?? rule);
  if (schema.anyOf && !schema.anyOf.some((s) => passes(s, value))) add(path, "anyOf", `breaks the rule "${schema.title}"`);
  if (schema.not && passes(schema.not, value)) add(path, "not", `breaks the rule "${schema.not.title ?? schema.title}"`);
  if (schema.if && schema.then && passes(schema.if, value)) check(schema.then, value, path, report, schema.title ?? rule);
}

function checkObject(schema: Schema, value: Record<string, unknown>, path: readonly Segment[], add: Report, report: Report, rule?: string): void {
  // A member whose value is undefined is left out by JSON.stringify, so it counts as absent.
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  for (const name of schema.required ?? []) if (!keys.includes(name)) add([...path, name], "required", "is required");
  const { minProperties = 0, maxProperties = Infinity } = schema;
  if (keys.length < minProperties) add(path, "minProperties", `must have at least ${minProperties} member(s)`);
  if (keys.length > maxProperties) add(path, "maxProperties", `must have at most ${maxProperties} member(s)`);
  for (const key of keys) {
    const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (declared) check(declared, value[key], [...path, key], report, rule);
    else if (schema.additionalProperties === false) add([...path, key], "additionalProperties", "is not a documented field");
  }
}

/**
 * Checks `value` against `schema` and returns every broken rule, or an empty list. It never
 * throws on any input.
 */
export function validate(schema: Schema, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(schema, value, [], (path, rule, what) => {
    const where = formatPath(path);
    issues.push({ path: where, rule, message: `${where || "(body)"} ${what}` });
  });
  return issues;
}
