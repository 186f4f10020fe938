import { schemaKeywords } from "../../src/validation/schema.js";
import type { JsonObject } from "./specs.js";

/** Keywords that only annotate a schema; the runtime copy leaves them out. */
const annotations = new Set([
  "description",
  "example",
  "examples",
  "default",
  "format",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "externalDocs",
]);

const nested = new Set(["items", "additionalProperties", "not", "if", "then", "else"]);
const nestedLists = new Set(["allOf", "anyOf", "oneOf"]);
const composite = ["allOf", "anyOf", "oneOf", "not", "if"];

/**
 * Whether a conditional branch's property schema only restates the type its parent already
 * enforces (Redocly asks for such restatements in `if`/`then`; the validator does not need them).
 */
function restates(branch: JsonObject, parent: JsonObject | undefined): boolean {
  const keys = Object.keys(branch);
  return parent !== undefined && keys.length === 1 && keys[0] === "type" && parent.type === branch.type;
}

/**
 * Reduces a dereferenced schema to the keywords the runtime validator enforces. A keyword that
 * neither the validator knows nor is an annotation stops generation: a rule in a spec must never
 * be dropped on its way to the validator. `title` is kept only where it names a composite rule.
 */
export function runtimeSchema(schema: JsonObject, where: string, parentProperties?: JsonObject): JsonObject {
  const out: JsonObject = {};
  const own = (schema.properties ?? undefined) as JsonObject | undefined;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${where}/${key}`;
    if (annotations.has(key) || key.startsWith("x-")) continue;
    if (!Object.hasOwn(schemaKeywords, key)) throw new Error(`${at}: the runtime validator does not support "${key}"`);
    if (key === "title") {
      if (composite.some((k) => k in schema)) out.title = value;
    } else if (key === "properties") {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value as JsonObject)) {
        const reduced = runtimeSchema(sub as JsonObject, `${at}/${name}`);
        if (!restates(reduced, parentProperties?.[name] as JsonObject | undefined)) props[name] = reduced;
      }
      if (Object.keys(props).length) out.properties = props;
    } else if (nested.has(key) && typeof value === "object" && value !== null) {
      out[key] = runtimeSchema(value as JsonObject, at, key === "items" || key === "additionalProperties" ? undefined : (own ?? parentProperties));
    } else if (nestedLists.has(key)) {
      out[key] = (value as JsonObject[]).map((sub, i) => runtimeSchema(sub, `${at}/${i}`, own ?? parentProperties));
    } else {
      out[key] = value;
    }
  }
  return out;
}
