import { describe, expect, it } from "vitest";
import { runtimeSchema } from "../../scripts/lib/runtime-schema.js";
import type { JsonObject } from "../../scripts/lib/specs.js";

const reduce = (schema: JsonObject) => () => runtimeSchema(schema, "spec.yaml#/x");

describe("the runtime copy of a spec schema", () => {
  it("keeps the rules and drops the annotations", () => {
    const reduced = runtimeSchema(
      {
        type: "object",
        description: "d",
        required: ["a"],
        additionalProperties: false,
        properties: { a: { type: "string", minLength: 1, example: "x", "x-note": "n" }, b: { type: "integer", minimum: 0, format: "int64" } },
        allOf: [{ title: "A names b", if: { required: ["a"] }, then: { required: ["b"] } }],
      },
      "spec.yaml#/x",
    );
    expect(reduced).toEqual({
      type: "object",
      required: ["a"],
      additionalProperties: false,
      properties: { a: { type: "string", minLength: 1 }, b: { type: "integer", minimum: 0 } },
      allOf: [{ title: "A names b", if: { required: ["a"] }, then: { required: ["b"] } }],
    });
  });

  it("stops generation on a rule the validator would not enforce, naming where and why", () => {
    expect(reduce({ type: "string", pattern: "^a" })).toThrow('spec.yaml#/x/pattern: the runtime validator does not support "pattern"');
    expect(reduce({ type: "array", maxItems: 3 })).toThrow('does not support "maxItems"');
    expect(reduce({ oneOf: [{ type: "string" }] })).toThrow('does not support "oneOf"');
    expect(reduce({ if: { type: "string" }, then: { minLength: 1 }, else: { type: "null" } })).toThrow('does not support "else"');
    expect(reduce({ type: "object", additionalProperties: { type: "string" } })).toThrow("additionalProperties must be true or false");
    expect(reduce({ const: { a: 1 } })).toThrow("const must be a string, number, boolean or null");
    expect(reduce({ enum: ["a", ["b"]] })).toThrow("enum values must be strings, numbers, booleans or null");
    expect(reduce({ anyOf: [{ required: ["a"] }] })).toThrow("an anyOf needs a title");
    expect(reduce({ not: { required: ["a"] } })).toThrow("a not needs a title");
    expect(reduce({ properties: { a: { type: "object", properties: { b: { pattern: "x" } } } } })).toThrow("spec.yaml#/x/properties/a/properties/b/pattern");
  });
});
