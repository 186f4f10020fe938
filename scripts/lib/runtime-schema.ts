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

const nested = new Set(["items", "not", "if", "then"]);
const nestedLists = new Set(["allOf", "anyOf"]);
const composite = ["allOf", "anyOf", "not", "if"];

const isPrimitive = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Stops generation where a schema uses a keyword in a way the runtime validator does not enforce. */
function refuseUnsupported(schema: JsonObject, where: string): void {
  const fail = (why: string) => {
    throw new Error(`${where}: ${why}`);
  };
  if ("additionalProperties" in schema && typeof schema.additionalProperties !== "boolean") fail("additionalProperties must be true or false");
  if ("const" in schema && !isPrimitive(schema.const)) fail("const must be a string, number, boolean or null");
  if ("enum" in schema && !(Array.isArray(schema.enum) && schema.enum.every(isPrimitive))) fail("enum values must be strings, numbers, booleans or null");
  if ("anyOf" in schema && typeof schema.title !== "string") fail("an anyOf needs a title, which error messages name");
  if ("not" in schema && typeof schema.title !== "string" && typeof (schema.not as JsonObject).title !== "string") {
    fail("a not needs a title (on it or on its schema), which error messages name");
  }
  if ("then" in schema && !("if" in schema)) fail("then without if");
}

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
  refuseUnsupported(schema, where);
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
      out[key] = runtimeSchema(value as JsonObject, at, key === "items" ? undefined : (own ?? parentProperties));
    } else if (nestedLists.has(key)) {
      out[key] = (value as JsonObject[]).map((sub, i) => runtimeSchema(sub, `${at}/${i}`, own ?? parentProperties));
    } else {
      out[key] = value;
    }
  }
  return out;
}
