import type { OperationSpec, ParameterSpec } from "../src/spec/operation.js";
import type { Schema } from "../src/validation/schema.js";
import { endpointKey } from "./emit-endpoints.js";
import { banner } from "./lib/banner.js";
import { runtimeSchema } from "./lib/runtime-schema.js";
import { type ApiEntry, type JsonObject, loadDereferenced } from "./lib/specs.js";

const methods = ["get", "post", "put", "patch", "delete"] as const;

function parameters(list: JsonObject[], where: string): ParameterSpec[] {
  return list.map((p, i) => {
    if (p.in !== "path" && p.in !== "query" && p.in !== "header") {
      throw new Error(`${where}/parameters/${i}: parameters in "${String(p.in)}" are not supported`);
    }
    return {
      name: String(p.name),
      in: p.in,
      required: p.required === true,
      schema: runtimeSchema(p.schema as JsonObject, `${where}/parameters/${i}/schema`) as Schema,
    };
  });
}

function describe(api: ApiEntry, path: string, method: string, op: JsonObject, shared: JsonObject[]): OperationSpec {
  const where = `${api.relative}#/paths/${path}/${method}`;
  const responses = op.responses as JsonObject;
  const statuses = Object.keys(responses).map(Number);
  const successes = statuses.filter((s) => s >= 200 && s < 300);
  if (successes.length !== 1) throw new Error(`${where}: expected exactly one success status, found ${successes.join(", ")}`);
  const success = responses[String(successes[0])] as JsonObject;
  const json = (op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  const bodySchema = (json?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined;
  const security = (op.security ?? []) as JsonObject[];
  return {
    service: api.name,
    operationId: String(op.operationId),
    method: method.toUpperCase() as OperationSpec["method"],
    path,
    parameters: parameters([...shared, ...((op.parameters ?? []) as JsonObject[])], where),
    ...(bodySchema ? { body: runtimeSchema(bodySchema, `${where}/requestBody`) as Schema } : {}),
    successHasBody: success.content !== undefined,
    secured: security.some((requirement) => Object.keys(requirement).length > 0),
    endpoint: op.servers ? endpointKey(op.servers as JsonObject[], where) : api.name,
  };
}

/** The run-time descriptors of every operation of one spec, as a TypeScript module. */
export function emitOperations(api: ApiEntry): string {
  const spec = loadDereferenced(api.file);
  const out = [
    banner(api.relative),
    "",
    'import type { OperationSpec } from "../../src/spec/operation.js";',
  ];
  const names: string[] = [];
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    const pathItem = item as JsonObject;
    for (const method of methods) {
      const op = pathItem[method] as JsonObject | undefined;
      if (!op) continue;
      const withSecurity = { security: spec.security ?? [], ...op } as JsonObject;
      const operation = describe(api, path, method, withSecurity, (pathItem.parameters ?? []) as JsonObject[]);
      names.push(operation.operationId);
      out.push(
        "",
        `/** ${String(op.summary)}: \`${operation.method} ${path}\`. */`,
        `export const ${operation.operationId} = ${JSON.stringify(operation, null, 2)} as const satisfies OperationSpec;`,
      );
    }
  }
  // A plain list rather than a namespace import, so that a bundle that uses one operation drops the others.
  out.push("", "/** Every operation of this spec (the emulator routes them). */", `export const allOperations = [${names.join(", ")}] as const;`);
  return `${out.join("\n")}\n`;
}
