import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as cbr from "../../generated/operations/cbr.js";
import * as csbs from "../../generated/operations/csbs.js";
import * as rds from "../../generated/operations/rds.js";
import * as vbs from "../../generated/operations/vbs.js";
import { type JsonObject, listApis, loadDereferenced, root } from "../../scripts/lib/specs.js";
import { createCbrClient, createCsbsClient, createRdsClient, createRestoreClient, createVbsClient, tokenAuth } from "../../src/index.js";
import type { OperationSpec } from "../../src/spec/operation.js";

/** The read operations issue 14's restore plans use: method, path, endpoint and the query parameters the plans rely on. */
const reads: readonly { op: OperationSpec; method: string; path: string; endpoint: string; query: readonly string[]; required?: readonly string[] }[] = [
  { op: cbr.listOpLogs, method: "GET", path: "/v3/{project_id}/operation-logs", endpoint: "cbr", query: ["operation_type", "resource_id", "status", "start_time", "end_time", "limit", "offset"] },
  { op: cbr.listBackups, method: "GET", path: "/v3/{project_id}/backups", endpoint: "cbr", query: ["status", "resource_id", "parent_id", "limit", "offset"] },
  { op: csbs.listCheckpointItems, method: "GET", path: "/v1/{project_id}/checkpoint_items", endpoint: "csbs", query: ["status", "resource_id", "checkpoint_id", "limit", "offset", "marker"] },
  { op: vbs.showBackup, method: "GET", path: "/v2/{project_id}/backups/{backup_id}", endpoint: "vbs", query: [] },
  { op: vbs.listBackupsDetail, method: "GET", path: "/v2/{project_id}/backups/detail", endpoint: "vbs", query: ["status", "volume_id", "limit", "offset"] },
  { op: vbs.listVolumes, method: "GET", path: "/v2/{project_id}/cloudvolumes/detail", endpoint: "evs", query: ["ids", "status", "limit", "offset", "marker"] },
  { op: rds.listInstances, method: "GET", path: "/v3/{project_id}/instances", endpoint: "rds", query: ["id", "name", "type", "datastore_type", "limit", "offset"] },
  { op: rds.listBackups, method: "GET", path: "/v3/{project_id}/backups", endpoint: "rds", query: ["instance_id", "backup_id", "limit", "offset"], required: ["instance_id"] },
  { op: rds.showRestoreTime, method: "GET", path: "/v3/{project_id}/instances/{instance_id}/restore-time", endpoint: "rds", query: ["date"] },
  { op: rds.listTasks, method: "GET", path: "/v3/{project_id}/tasklist", endpoint: "rds", query: ["instance_id", "status", "limit", "offset"] },
];

const specOf = (service: string) => loadDereferenced(listApis().find((a) => a.name === service)?.file ?? "");
const operationOf = (r: (typeof reads)[number]) => ((specOf(r.op.service).paths as JsonObject)[r.path] as JsonObject)[r.method.toLowerCase()] as JsonObject;

describe("the read operations restore plans use are in the specs, with generated descriptors", () => {
  for (const r of reads) {
    it(`${r.op.service}.${r.op.operationId}: ${r.method} ${r.path}`, () => {
      expect(r.op.method).toBe(r.method);
      expect(r.op.path).toBe(r.path);
      expect(r.op.endpoint).toBe(r.endpoint);
      expect(r.op.successHasBody).toBe(true);
      expect(r.op.secured).toBe(true);
      expect(r.op.body).toBeUndefined();
      const query = r.op.parameters.filter((p) => p.in === "query");
      for (const name of r.query) expect(query.map((p) => p.name)).toContain(name);
      expect(query.filter((p) => p.required).map((p) => p.name)).toEqual(r.required ?? []);
    });
  }

  it("every one names the vendor page it transcribes, in its description and in x-source", () => {
    for (const r of reads) {
      const operation = operationOf(r);
      expect(operation.description, r.op.operationId).toMatch(/Sources?[:,] /);
      expect(Array.isArray(operation["x-source"]), r.op.operationId).toBe(true);
      expect((operation["x-source"] as string[]).length).toBeGreaterThan(0);
    }
  });

  it("marks no response member required: the pages' response tables have no mandatory column", () => {
    const requiredIn = (node: unknown): string[] => {
      if (!node || typeof node !== "object") return [];
      const o = node as JsonObject;
      const own = Array.isArray(o.required) ? [String(o.required)] : [];
      return [...own, ...Object.entries(o).flatMap(([k, v]) => (k === "examples" ? [] : requiredIn(v)))];
    };
    for (const r of reads) expect(requiredIn((operationOf(r).responses as JsonObject)["200"]), r.op.operationId).toEqual([]);
  });

  it("limits and offsets are integers with the pages' minimums", () => {
    const schema = (op: OperationSpec, name: string) => op.parameters.find((p) => p.name === name)?.schema;
    expect(schema(cbr.listOpLogs, "offset")).toEqual({ type: "integer", minimum: 1 });
    expect(schema(cbr.listBackups, "offset")).toEqual({ type: "integer", minimum: 0 });
    expect(schema(rds.listTasks, "limit")).toEqual({ type: "integer", minimum: 1 });
    expect(schema(vbs.listVolumes, "offset")).toEqual({ type: "integer", minimum: 1 });
  });
});

describe("the single-service clients and the one-call bundle do not carry the read operations", () => {
  const options = { cloud: "otc" as const, region: "eu-de", projectId: "p", auth: tokenAuth("t") };

  it("the single-service clients keep their restore and status read only", () => {
    expect(Object.keys(createCbrClient(options)).sort()).toEqual(["restoreBackup", "showBackup"]);
    expect(Object.keys(createCsbsClient(options)).sort()).toEqual(["createRestore", "showCheckpointItem"]);
    expect(Object.keys(createVbsClient(options)).sort()).toEqual(["restoreBackup", "showVolume"]);
    expect(Object.keys(createRdsClient(options)).sort()).toEqual(["restoreToExistingInstance", "showJob"]);
    const rk = createRestoreClient(options);
    for (const r of reads) expect(Object.keys(rk[r.op.service as "cbr"])).not.toContain(r.op.operationId);
  });

  it("src/services/*.ts import no read descriptor", () => {
    for (const service of ["cbr", "csbs", "vbs", "rds"]) {
      const text = readFileSync(resolve(root, `src/services/${service}.ts`), "utf8");
      const imported = /import \{([^}]*)\} from "\.\.\/\.\.\/generated\/operations\//.exec(text)?.[1] ?? "";
      for (const r of reads.filter((x) => x.op.service === service)) expect(imported, service).not.toContain(r.op.operationId);
    }
  });
});
