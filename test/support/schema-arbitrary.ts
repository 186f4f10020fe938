import fc from "fast-check";
import type { Schema } from "../../src/validation/schema.js";

const anyJson = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/**
 * Values shaped by a runtime schema, mostly plausible and often slightly wrong: optional and
 * required members come and go, enums and consts are sometimes broken, strings hit their length
 * limits, types are sometimes swapped, and unknown members sometimes appear. Both validators
 * must agree on every one.
 */
export function valuesFor(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(plausible(schema), anyShape(schema, 0));
}

/** Values that respect types, lengths, enums and required members; conditional rules may still fail. */
function plausible(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const members = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([n, sub]) => [n, plausible(sub)]));
      return fc.record(members, { requiredKeys: (schema.required ?? []).filter((r) => r in members) as never[] });
    }
    case "array":
      return fc.array(schema.items ? plausible(schema.items) : anyJson, { minLength: schema.minItems ?? 0, maxLength: 3 });
    case "string":
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) });
    case "integer":
      return fc.nat();
    case "boolean":
      return fc.boolean();
    default:
      return anyJson;
  }
}

function anyShape(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const valuesFor = (sub: Schema, d: number) => anyShape(sub, d);
  const wrongType = depth > 4 ? fc.constant(null) : anyJson;
  if (schema.const !== undefined) return fc.oneof({ weight: 8, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: wrongType });
  if (schema.enum) {
    return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let shaped: fc.Arbitrary<unknown>;
  switch (type) {
    case "object": {
      const props = Object.entries(schema.properties ?? {});
      const members = Object.fromEntries(props.map(([name, sub]) => [name, valuesFor(sub, depth + 1)]));
      const base = fc.record(members, { requiredKeys: [] });
      shaped = fc
        .tuple(base, fc.option(fc.constantFrom("unknown_field", "power0n", "RESTORE"), { freq: 6 }), fc.option(anyJson, { nil: undefined }))
        .map(([value, extra, extraValue]) => (extra ? { ...(value as object), [extra]: extraValue ?? "x" } : value));
      // Objects whose members are all required are generated complete most of the time.
      if (schema.required?.length) {
        const full = fc.record(members, { requiredKeys: schema.required.filter((r) => r in members) as never[] });
        shaped = fc.oneof({ weight: 3, arbitrary: full }, { weight: 2, arbitrary: shaped });
      }
      break;
    }
    case "array":
      shaped = fc.array(schema.items ? valuesFor(schema.items, depth + 1) : anyJson, { maxLength: 3 });
      break;
    case "string": {
      const max = schema.maxLength ?? 40;
      shaped = fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constant(""),
        fc.string({ minLength: max - 1, maxLength: max + 1, unit: "grapheme-ascii" }),
        fc.string({ maxLength: 6, unit: "binary" }),
      );
      break;
    }
    case "integer":
      shaped = fc.oneof(fc.integer(), fc.constant(-1), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.maxSafeInteger());
      break;
    case "boolean":
      shaped = fc.oneof(fc.boolean(), fc.constant("true"));
      break;
    default:
      shaped = anyJson;
  }
  return fc.oneof({ weight: 12, arbitrary: shaped }, { weight: 1, arbitrary: wrongType });
}
