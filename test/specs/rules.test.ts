import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { type JsonObject, listApis, loadDereferenced } from "../../scripts/lib/specs.js";
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

  it("CBR: naming server_id makes mappings mandatory (kept: the target VM is named only by a whole-server restoration)", () => {
    expect(check("cbr.restoreBackup", { restore: cbrServer })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { server_id: "s" } })[0]).toMatchObject({ path: "restore.mappings", rule: "required" });
  });

  it("CBR: mappings has no minimum length (removed: the pages set none)", () => {
    expect(check("cbr.restoreBackup", { restore: { server_id: "s", mappings: [] } })).toEqual([]);
  });

  it("CBR: a disk restore needs only volume_id; mappings may be given, empty or not, and is not used", () => {
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v" } })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v", mappings: [] } })).toEqual([]);
    expect(check("cbr.restoreBackup", { restore: { volume_id: "v", mappings: cbrServer.mappings } })).toEqual([]);
  });

  it("CBR: server_id and volume_id may be given together (removed: no page says they exclude each other)", () => {
    expect(check("cbr.restoreBackup", { restore: { ...cbrServer, volume_id: "v" } })).toEqual([]);
  });

  it("CBR: a restore names at least one target (kept: inferred from the pages' rows, reasoning in the description)", () => {
    const none = check("cbr.restoreBackup", { restore: { power_on: true } });
    expect(none[0]).toMatchObject({ path: "restore", rule: "anyOf" });
    expect(none[0]?.message).toContain("A restoration names its target");
    for (const target of ["server_id", "volume_id", "resource_id"]) {
      const body = target === "server_id" ? cbrServer : { [target]: "t" };
      expect(check("cbr.restoreBackup", { restore: body }), target).toEqual([]);
    }
    const rule = find("cbr.restoreBackup");
    expect(JSON.stringify(rule.runtime)).not.toContain('"not"');
  });

  it("RDS: restore_time takes any integer of milliseconds (removed: the page sets no minimum)", () => {
    for (const restore_time of [0, -1, 1532001446987]) {
      expect(check("rds.restoreToExistingInstance", { source: { instance_id: "i", type: "timestamp", restore_time }, target: { instance_id: "i" } })).toEqual([]);
    }
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

  it("IAM: an agency's temporary key lives 15 minutes to 24 hours, and names the delegating account by id or name", () => {
    const body = (assume_role: object) => ({ auth: { identity: { methods: ["assume_role"], assume_role } } });
    const id = "iam.createTemporaryAccessKeyByAgency";
    expect(check(id, body({ agency_name: "a", domain_name: "d" }))).toEqual([]);
    expect(check(id, body({ agency_name: "a", domain_id: "0a1b", duration_seconds: 900 }))).toEqual([]);
    expect(check(id, body({ agency_name: "a", domain_name: "d", duration_seconds: 86400 }))).toEqual([]);
    expect(check(id, body({ agency_name: "a", domain_name: "d", duration_seconds: 899 }))[0]).toMatchObject({ path: "auth.identity.assume_role.duration_seconds", rule: "minimum" });
    expect(check(id, body({ agency_name: "a", domain_name: "d", duration_seconds: 86401 }))[0]).toMatchObject({ path: "auth.identity.assume_role.duration_seconds", rule: "maximum" });
    expect(check(id, body({ agency_name: "a" }))[0]).toMatchObject({ rule: "anyOf" });
    expect(check(id, body({ agency_name: "a", domain_name: "d", session_user: { name: "x" } }))[0]).toMatchObject({ rule: "additionalProperties" });
  });
});

describe("responses: the pages have no mandatory column for them, so no member is required", () => {
  const responseSchema = (service: string, operationId: string) => {
    const api = listApis().find((a) => a.name === service);
    const spec = loadDereferenced(api?.file ?? "");
    for (const item of Object.values(spec.paths as JsonObject)) {
      for (const op of Object.values(item as JsonObject)) {
        const o = op as JsonObject;
        if (o.operationId !== operationId) continue;
        const [success] = Object.entries(o.responses as JsonObject).filter(([status]) => status.startsWith("2"));
        return ajv.compile(((((success?.[1] as JsonObject).content as JsonObject)["application/json"] as JsonObject).schema as JsonObject));
      }
    }
    throw new Error(`no ${service}.${operationId}`);
  };

  it("VBS: restore and its backup_id, volume_id and volume_name may each be absent", () => {
    const accepts = responseSchema("vbs", "restoreBackup");
    for (const body of [{}, { restore: {} }, { restore: { backup_id: "b" } }, { restore: { backup_id: "b", volume_id: "v", volume_name: "n" } }]) expect(accepts(body), JSON.stringify(body)).toBe(true);
    expect(accepts({ restore: { volume_name: 1 } })).toBe(false);
  });

  it("RDS: job_id may be absent", () => {
    const accepts = responseSchema("rds", "restoreToExistingInstance");
    expect(accepts({})).toBe(true);
    expect(accepts({ job_id: "ff80808157127d9301571bf8160c001d" })).toBe(true);
    expect(accepts({ job_id: 1 })).toBe(false);
  });
});
