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
 * Reduces a dereferenced schema to the keywords the runtime validator enforces. A keyword that
 * neither the validator knows nor is an annotation stops generation: a rule in a spec must never
 * be dropped on its way to the validator. `title` is kept only where it names a composite rule.
 */
export function runtimeSchema(schema: JsonObject, where: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    const at = `${where}/${key}`;
    if (annotations.has(key) || key.startsWith("x-")) continue;
    if (!Object.hasOwn(schemaKeywords, key)) throw new Error(`${at}: the runtime validator does not support "${key}"`);
    if (key === "title") {
      if (composite.some((k) => k in schema)) out.title = value;
    } else if (key === "properties") {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(value as JsonObject)) {
        props[name] = runtimeSchema(sub as JsonObject, `${at}/${name}`);
      }
      out.properties = props;
    } else if (nested.has(key) && typeof value === "object" && value !== null) {
      out[key] = runtimeSchema(value as JsonObject, at);
    } else if (nestedLists.has(key)) {
      out[key] = (value as JsonObject[]).map((sub, i) => runtimeSchema(sub, `${at}/${i}`));
    } else {
      out[key] = value;
    }
  }
  return out;
}
