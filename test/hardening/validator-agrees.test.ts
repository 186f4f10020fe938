import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validate } from "../../src/validation/validate.js";
import { valuesFor } from "../support/schema-arbitrary.js";
import { operationsUnderTest } from "../support/spec-operations.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });

/**
 * Where the two may differ, on purpose: restorekit also refuses integers beyond 2^53-1, which
 * JSON cannot carry exactly (a transport rule, not a rule of the pages).
 */
const inexactInteger = (v: unknown): boolean =>
  typeof v === "number" ? Number.isInteger(v) && !Number.isSafeInteger(v) : typeof v === "object" && v !== null && Object.values(v).some(inexactInteger);

describe("restorekit's validator and an independent JSON Schema validator (ajv) agree", () => {
  for (const { op, specBodySchema } of operationsUnderTest().filter((o) => o.op.body && o.specBodySchema)) {
    it(`${op.service}.${op.operationId}: same verdict on 3000 generated bodies, valid and mutated`, () => {
      const independent = ajv.compile(specBodySchema as object);
      let accepted = 0;
      fc.assert(
        fc.property(valuesFor(op.body as never), (body) => {
          const ours = validate(op.body as never, body).length === 0;
          if (ours) accepted++;
          expect(ours).toBe(independent(body) && !inexactInteger(body));
        }),
        { numRuns: 3000, seed: 20261123 },
      );
      // The generator must exercise both verdicts, or the property proves little.
      expect(accepted).toBeGreaterThan(30);
      expect(accepted).toBeLessThan(2970);
    });
  }
});
