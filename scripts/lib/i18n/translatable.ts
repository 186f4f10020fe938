import { createHash } from "node:crypto";
import type { JsonObject } from "../specs.js";

/** One object of a spec whose prose a translation replaces. */
export interface TranslatableNode {
  /** RFC 9535 normalized path of the object, the overlay action's `target`: `$['paths']['/v2/...']['post']`. */
  readonly target: string;
  /** The same path as keys, to read the node back. */
  readonly keys: readonly (string | number)[];
  /** Its prose: `description`, `summary`, for `info` the `title`, for a tag its name as `x-displayName`. */
  readonly texts: Readonly<Record<string, string>>;
}

const prose = ["summary", "description"] as const;
/** Members whose values are data, not prose: examples, enumerations, defaults, extensions. */
const data = new Set(["example", "value", "enum", "default", "const"]);

/** A key as one segment of an RFC 9535 normalized path. */
const segment = (key: string | number) => (typeof key === "number" ? `[${key}]` : `['${key.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`);
export const normalizedPath = (keys: readonly (string | number)[]) => `$${keys.map(segment).join("")}`;

/** Every object of a (bundled) spec that carries prose, in document order. */
export function translatableNodes(doc: JsonObject): TranslatableNode[] {
  const out: TranslatableNode[] = [];
  const walk = (node: unknown, keys: (string | number)[]) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...keys, i]));
      return;
    }
    if (node === null || typeof node !== "object") return;
    const o = node as JsonObject;
    const texts: Record<string, string> = {};
    for (const key of prose) if (typeof o[key] === "string") texts[key] = o[key] as string;
    if (keys.length === 1 && keys[0] === "info" && typeof o.title === "string") texts.title = o.title;
    // A tag is shown by its name unless `x-displayName` (a Redoc extension) gives another.
    if (keys.length === 2 && keys[0] === "tags" && typeof o.name === "string") texts["x-displayName"] = o.name;
    if (Object.keys(texts).length > 0) out.push({ target: normalizedPath(keys), keys, texts });
    for (const [key, value] of Object.entries(o)) {
      if (data.has(key) || key.startsWith("x-")) continue;
      walk(value, [...keys, key]);
    }
  };
  walk(doc, []);
  return out;
}

/** The hash an overlay action records of the English it translates: the texts of the keys it updates. */
export function sourceHash(texts: Readonly<Record<string, string>>, keys: readonly string[]): string {
  const source = [...keys].sort().map((k) => [k, texts[k] ?? null]);
  return createHash("sha256").update(JSON.stringify(source)).digest("hex").slice(0, 16);
}

/** The value at `keys` in `doc`, or undefined. */
export function nodeAt(doc: unknown, keys: readonly (string | number)[]): unknown {
  let node = doc;
  for (const key of keys) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
