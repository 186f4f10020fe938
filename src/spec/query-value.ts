import type { Schema } from "../validation/schema.js";

/**
 * A query parameter as the URL carries it (text), read as its schema's type: `"10"` becomes 10
 * for an integer, `"true"` becomes true for a boolean. Text that does not read as the type is
 * returned unchanged, so that the validator refuses it by name.
 */
export function queryValue(schema: Schema, text: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (type === "number" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
