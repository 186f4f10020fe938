import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { type JsonObject, listApis, loadDereferenced } from "../../scripts/lib/specs.js";
import { validate } from "../../src/validation/validate.js";
import { operationsUnderTest } from "../support/spec-operations.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

interface Example {
  readonly where: string;
  readonly schema: JsonObject;
  readonly value: unknown;
}

/** Every example of a dereferenced spec next to the schema it illustrates: media types, parameters, schemas. */
function examplesOf(node: unknown, where: string, out: Example[] = []): Example[] {
  if (Array.isArray(node)) node.forEach((n, i) => examplesOf(n, `${where}/${i}`, out));
  if (!node || typeof node !== "object") return out;
  const o = node as JsonObject;
  const schema = o.schema as JsonObject | undefined;
  if (schema && o.examples && typeof o.examples === "object") {
    for (const [name, ex] of Object.entries(o.examples as JsonObject)) out.push({ where: `${where}/examples/${name}`, schema, value: (ex as JsonObject).value });
  }
  if (schema && o.example !== undefined) out.push({ where: `${where}/example`, schema, value: o.example });
  if (o.type !== undefined && o.example !== undefined && !("in" in o)) out.push({ where: `${where}/example`, schema: o, value: o.example });
  for (const [k, v] of Object.entries(o)) if (k !== "examples" && k !== "example") examplesOf(v, `${where}/${k}`, out);
  return out;
}

describe("every example in every spec validates against its schema (ajv, JSON Schema 2020-12)", () => {
  for (const api of listApis()) {
    const examples = examplesOf(loadDereferenced(api.file), api.relative);
    it(`${api.relative}: ${examples.length} examples`, () => {
      expect(examples.length).toBeGreaterThan(3);
      for (const ex of examples) {
        const valid = ajv.validate(ex.schema, ex.value);
        expect({ where: ex.where, errors: ajv.errors ?? null }).toEqual({ where: ex.where, errors: null });
        expect(valid).toBe(true);
      }
    });
  }
});

describe("every request example also passes restorekit's runtime validator (the generated schema)", () => {
  for (const { op, specBodySchema } of operationsUnderTest().filter((o) => o.op.body)) {
    const media = examplesOf({ schema: specBodySchema, examples: {} }, op.operationId);
    it(`${op.service}.${op.operationId}`, () => {
      const spec = loadDereferenced(listApis().find((a) => a.name === op.service)?.file ?? "");
      const operation = ((spec.paths as JsonObject)[op.path] as JsonObject)[op.method.toLowerCase()] as JsonObject;
      const content = ((operation.requestBody as JsonObject).content as JsonObject)["application/json"] as JsonObject;
      const values = Object.values(content.examples as JsonObject).map((e) => (e as JsonObject).value);
      expect(values.length + media.length).toBeGreaterThan(0);
      for (const value of values) expect(validate(op.body as never, value)).toEqual([]);
    });
  }
});
