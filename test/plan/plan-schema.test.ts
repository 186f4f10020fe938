import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/plan/index.js";

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../generated/plan.schema.json"), "utf8")) as object;

const base = { name: "drill", cloud: "otc", region: "eu-de", projectId: "p1" };
const cases: [string, object, boolean][] = [
  ["an RDS item with an RFC 3339 time", { id: "db", service: "rds", source: { instance_id: "i", type: "timestamp", restore_time: "2026-11-20T09:30:00Z" }, target: { instance_id: "i" } }, true],
  ["an RDS item with epoch milliseconds", { id: "db", service: "rds", source: { instance_id: "i", type: "timestamp", restore_time: 1_763_631_000_000 }, target: { instance_id: "i" } }, true],
  ["a CBR disk restore", { id: "d", service: "cbr", backupId: "b", restore: { volume_id: "v" } }, true],
  ["a CSBS item without provider_id (filled in)", { id: "s", service: "csbs", restore: { checkpoint_id: "c", parameters: { checkpoint_item_id: "ci", power_on: true, targets: { server_id: "s", volumes: [] } } } }, true],
  ["a VBS item with after", { id: "v", service: "vbs", after: ["x"], backupId: "b", restore: { volume_id: "v" } }, true],
  ["an unknown field", { id: "v", service: "vbs", backupId: "b", restore: { volume_id: "v" }, colour: "red" }, false],
  ["a missing path parameter", { id: "v", service: "vbs", restore: { volume_id: "v" } }, false],
  ["a wrong type", { id: "v", service: "vbs", backupId: "b", restore: { volume_id: 3 } }, false],
  ["an unknown service", { id: "v", service: "nfs" }, false],
  ["a bad id", { id: "a b", service: "vbs", backupId: "b", restore: { volume_id: "v" } }, false],
];

describe("the published plan schema (generated/plan.schema.json)", () => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);

  for (const [name, item, valid] of cases) {
    it(`${valid ? "accepts" : "refuses"} ${name}, as checkPlan does`, () => {
      const doc = { ...base, restores: [item, ...(name.includes("after") ? [{ id: "x", service: "vbs", backupId: "b", restore: { volume_id: "w" } }] : [])] };
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(valid);
      expect(() => checkPlan(doc)).toSatisfy((run: () => unknown) => {
        try {
          run();
          return valid;
        } catch {
          return !valid;
        }
      });
    });
  }
});
