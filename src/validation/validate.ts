import type { JsonType, Schema } from "./schema.js";

/** One broken rule: where (a path such as `restore.mappings[0].volume_id`), which keyword, and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

type Segment = string | number;

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
  const t = typeof value;
  if (t === "number") {
    if (!Number.isFinite(value)) return "a non-finite number";
    return Number.isInteger(value) ? "integer" : "number";
  }
  return t;
}

function hasType(value: unknown, type: JsonType): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}

const show = (v: unknown): string => JSON.stringify(v);

const patterns = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, "u")));
  return re;
}

class Walker {
  readonly issues: ValidationIssue[] = [];
  private readonly conditions: string[] = [];

  constructor(private readonly stopAtFirst: boolean) {}

  private add(path: readonly Segment[], rule: string, what: string): void {
    const where = formatPath(path) || "(body)";
    const condition = this.conditions.at(-1);
    const message = condition && !what.includes(condition) ? `${where} ${what} (rule "${condition}")` : `${where} ${what}`;
    this.issues.push({ path: formatPath(path), rule, message });
  }

  /** Whether `value` satisfies `schema`, with no issue recorded. */
  private passes(schema: Schema, value: unknown, path: readonly Segment[]): boolean {
    const probe = new Walker(true);
    probe.visit(schema, value, path);
    return probe.issues.length === 0;
  }

  private withCondition(title: string | undefined, run: () => void): void {
    if (title) this.conditions.push(title);
    try {
      run();
    } finally {
      if (title) this.conditions.pop();
    }
  }

  private get done(): boolean {
    return this.stopAtFirst && this.issues.length > 0;
  }

  visit(schema: Schema, value: unknown, path: readonly Segment[]): void {
    if (schema.type !== undefined) {
      const types = typeof schema.type === "string" ? [schema.type] : schema.type;
      if (!types.some((t) => hasType(value, t))) {
        this.add(path, "type", `must be ${types.join(" or ")}, not ${typeOf(value)}`);
        return;
      }
    }
    if (schema.const !== undefined && !deepEqual(value, schema.const)) {
      this.add(path, "const", `must be ${show(schema.const)}`);
    }
    if (schema.enum && !schema.enum.some((e) => deepEqual(value, e))) {
      this.add(path, "enum", `must be one of ${schema.enum.map(show).join(", ")}`);
    }
    if (this.done) return;
    if (typeof value === "string") this.visitString(schema, value, path);
    else if (typeof value === "number") this.visitNumber(schema, value, path);
    else if (Array.isArray(value)) this.visitArray(schema, value, path);
    else if (typeof value === "object" && value !== null) {
      this.visitObject(schema, value as Record<string, unknown>, path);
    }
    if (this.done) return;
    this.visitComposites(schema, value, path);
  }

  private visitString(schema: Schema, value: string, path: readonly Segment[]): void {
    const length = schema.minLength !== undefined || schema.maxLength !== undefined ? codePoints(value) : 0;
    if (schema.minLength !== undefined && length < schema.minLength) {
      this.add(path, "minLength", `must be at least ${schema.minLength} characters long`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      this.add(path, "maxLength", `must be at most ${schema.maxLength} characters long`);
    }
    if (schema.pattern !== undefined && !regex(schema.pattern).test(value)) {
      this.add(path, "pattern", `must match /${schema.pattern}/`);
    }
  }

  private visitNumber(schema: Schema, value: number, path: readonly Segment[]): void {
    if (schema.minimum !== undefined && value < schema.minimum) {
      this.add(path, "minimum", `must be at least ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      this.add(path, "maximum", `must be at most ${schema.maximum}`);
    }
  }

  private visitArray(schema: Schema, value: readonly unknown[], path: readonly Segment[]): void {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      this.add(path, "minItems", `must have at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      this.add(path, "maxItems", `must have at most ${schema.maxItems} items`);
    }
    if (schema.items) {
      for (let i = 0; i < value.length && !this.done; i++) this.visit(schema.items, value[i], [...path, i]);
    }
  }

  private visitObject(schema: Schema, value: Record<string, unknown>, path: readonly Segment[]): void {
    // A member whose value is undefined is left out by JSON.stringify, so it counts as absent.
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name) || value[name] === undefined) {
        this.add([...path, name], "required", "is required");
      }
    }
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      this.add(path, "minProperties", `must have at least ${schema.minProperties} member(s)`);
    }
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      this.add(path, "maxProperties", `must have at most ${schema.maxProperties} member(s)`);
    }
    for (const key of keys) {
      if (this.done) return;
      const declared = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (declared) this.visit(declared, value[key], [...path, key]);
      else if (schema.additionalProperties === false) {
        this.add([...path, key], "additionalProperties", "is not a documented field");
      } else if (typeof schema.additionalProperties === "object") {
        this.visit(schema.additionalProperties, value[key], [...path, key]);
      }
    }
  }

  private visitComposites(schema: Schema, value: unknown, path: readonly Segment[]): void {
    for (const part of schema.allOf ?? []) {
      this.withCondition(part.title, () => this.visit(part, value, path));
      if (this.done) return;
    }
    if (schema.anyOf && !schema.anyOf.some((s) => this.passes(s, value, path))) {
      this.add(path, "anyOf", schema.title ? `breaks the rule "${schema.title}"` : `must satisfy one of: ${this.alternatives(schema.anyOf)}`);
    }
    if (schema.oneOf && schema.oneOf.filter((s) => this.passes(s, value, path)).length !== 1) {
      this.add(path, "oneOf", schema.title ? `breaks the rule "${schema.title}"` : `must satisfy exactly one of: ${this.alternatives(schema.oneOf)}`);
    }
    if (schema.not && this.passes(schema.not, value, path)) {
      const title = schema.not.title ?? schema.title;
      this.add(path, "not", title ? `breaks the rule "${title}"` : "matches a schema it must not match");
    }
    if (schema.if) {
      const branch = this.passes(schema.if, value, path) ? schema.then : schema.else;
      if (branch) this.withCondition(schema.title, () => this.visit(branch, value, path));
    }
  }

  private alternatives(options: readonly Schema[]): string {
    return options.map((o, i) => o.title ?? `alternative ${i + 1}`).join("; ");
  }
}

/**
 * Checks `value` against `schema` and returns every broken rule, or an empty list. It never
 * throws on any input.
 */
export function validate(schema: Schema, value: unknown): ValidationIssue[] {
  const walker = new Walker(false);
  walker.visit(schema, value, []);
  return walker.issues;
}
