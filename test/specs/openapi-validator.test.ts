import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listApis, loadDereferenced } from "../../scripts/lib/specs.js";

describe("an independent OpenAPI validator (not Redocly) accepts every spec", () => {
  for (const api of listApis()) {
    it(`${api.relative} (as written, and with every $ref resolved)`, async () => {
      const asWritten = parse(readFileSync(api.file, "utf8")) as Record<string, unknown>;
      expect(asWritten.openapi).toBe("3.1.0");
      const resolved = await new Validator().validate(loadDereferenced(api.file));
      expect(resolved.errors ?? []).toEqual([]);
      expect(resolved.valid).toBe(true);
    });
  }
});
