import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { validate } from "../../src/validation/validate.js";
import { operationsUnderTest } from "../support/spec-operations.js";

const ajv = new Ajv2020({ strict: false, validateFormats: false });
const ops = operationsUnderTest();
const find = (id: string) => {
  const found = ops.find((o) => `${o.op.service}.${o.op.operationId}` === id);
  if (!found?.op.body || !found.specBodySchema) throw new Error(`no body schema for ${id}`);
  return { runtime: found.op.body, spec: ajv.compile(found.specBodySchema) };
};

/** Checks a body with both validators; they must agree. Returns the runtime issues. */
function check(id: string, body: unknown) {
  const { runtime, spec } = find(id);
  const issues = validate(runtime, body);
  expect(issues.length === 0).toBe(spec(body));
  return issues;
}

const cbrServer = { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526", mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }], power_on: true };
const csbs = {
  provider_id: "fc4d5750-22e7-4798-8a46-f48f62c4c1da",
  checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
  parameters: { checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d", power_on: true, targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [] } },
};

describe("rules the pages state in prose are schema, enforced by both validators", () => {
  it("RDS: type=backup (or no type, the default) requires backup_id", () => {
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "backup", backup_id: "b" }, target: { instance_id: "i" } })).toEqual([]);
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "backup" }, target: { instance_id: "i" } })[0]).toMatchObject({ path: "source.backup_id", rule: "required" });
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i" }, target: { instance_id: "i" } })[0]).toMatchObject({ path: "source.backup_id", rule: "required" });
  });

  it("RDS: type=timestamp requires restore_time (an integer of milliseconds)", () => {
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "timestamp", restore_time: 1532001446987 }, target: { instance_id: "i" } })).toEqual([]);
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "timestamp" }, target: { instance_id: "i" } })[0]).toMatchObject({ path: "source.restore_time", rule: "required" });
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "timestamp", restore_time: 1.5 }, target: { instance_id: "i" } })[0]).toMatchObject({ rule: "type" });
  });

  it("RDS: type takes only backup or timestamp", () => {
    expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "snapshot", backup_id: "b" }, target: { instance_id: "i" } })[0]).toMatchObject({ path: "source.type", rule: "enum" });
  });

  it("CSBS: provider_id takes its one fixed value", () => {
    expect(check("csbs.createRestore", { restore: csbs })).toEqual([]);
    expect(check("csbs.createRestore", { restore: { ...csbs, provider_id: "another" } })[0]).toMatchObject({ path: "restore.provider_id", rule: "const" });
  });

  it("CBR: a whole-server restore needs mappings (at least one)", () => {
    expect(check("cbr.restoreBackup", { restore: cbrServer })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { server_id: "s" } })[0]).toMatchObject({ path: "restore.mappings", rule: "required" });
    expect(check("cbr.restoreBackup", { restore: { server_id: "s", mappings: [] } })[0]).toMatchObject({ path: "restore.mappings", rule: "minItems" });
  });

  it("CBR: a disk restore needs volume_id; mappings may be given", () => {
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v" } })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v", mappings: cbrServer.mappings } })).toEqual([]);
  });

  it("CBR: a restore names a target, and not both a server and a disk", () => {
    const none = check("cbr.restoreBackup", { restore: { power_on: true } });
    expect(none[0]).toMatchObject({ path: "restore", rule: "anyOf" });
    expect(none[0]?.message).toContain("A restoration names its target");
    expect(check("cbr.restoreBackup", { restore: { resource_id: "r" } })).toEqual([]);
    const both = check("cbr.restoreBackup", { restore: { ...cbrServer, volume_id: "v" } });
    expect(both[0]).toMatchObject({ path: "restore", rule: "not" });
  });

  it("CBR: mapping items need backup_id and volume_id; details.destination_path is 1 to 255 characters", () => {
    expect(check("cbr.restoreBackup", { restore: { ...cbrServer, mappings: [{ backup_id: "b" }] } })[0]).toMatchObject({ path: "restore.mappings[0].volume_id", rule: "required" });
    expect(check("cbr.restoreBackup", { restore: { resource_id: "r", details: { destination_path: "/data" } } })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { resource_id: "r", details: { destination_path: "" } } })[0]).toMatchObject({ rule: "minLength" });
    expect(check("cbr.restoreBackup", { restore: { resource_id: "r", details: { destination_path: "x".repeat(256) } } })[0]).toMatchObject({ rule: "maxLength" });
  });

  it("VBS: restore.volume_id is required", () => {
    expect(check("vbs.restoreBackup", { restore: { volume_id: "v" } })).toEqual([]);
    expect(check("vbs.restoreBackup", { restore: {} })[0]).toMatchObject({ path: "restore.volume_id", rule: "required" });
  });

  it("request objects are closed: an undocumented field is refused", () => {
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v", power0n: false } })[0]).toMatchObject({ path: "restore.power0n", rule: "additionalProperties" });
    expect(check("vbs.restoreBackup", { restore: { volume_id: "v" }, extra: 1 })[0]).toMatchObject({ path: "extra", rule: "additionalProperties" });
  });

  it("IAM: a project scope is by id or by name, not both", () => {
    const body = (project: object) => ({ auth: { identity: { methods: ["password"], password: { user: { name: "u", password: "p", domain: { name: "d" } } } }, scope: { project } } });
    expect(check("iam.createToken", body({ id: "p" }))).toEqual([]);
    expect(check("iam.createToken", body({ name: "eu-de" }))).toEqual([]);
    expect(check("iam.createToken", body({ id: "p", name: "eu-de" }))[0]).toMatchObject({ rule: "maxProperties" });
  });
});
