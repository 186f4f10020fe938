import { type JsonObject, listApis, loadDereferenced } from "./lib/specs.js";

/** Each service's restore: the operation whose input an item of that service is. */
const restores = { cbr: "restoreBackup", csbs: "createRestore", vbs: "restoreBackup", rds: "restoreToExistingInstance" } as const;

/** Fields the SDK fills in when absent, so an item may leave them out. */
const filledIn: Readonly<Record<string, readonly string[]>> = { csbs: ["restore.provider_id"] };

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A schema for editors: descriptions kept, examples and `x-` notes dropped. */
function clean(schema: JsonObject, path = ""): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "example" || key === "examples" || key === "discriminator") continue;
    if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value as JsonObject).map(([name, sub]) => [name, clean(sub as JsonObject, path ? `${path}.${name}` : name)]));
    } else if ((key === "items" || key === "not" || key === "if" || key === "then") && value && typeof value === "object") out[key] = clean(value as JsonObject, path);
    else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) out[key] = value.map((v) => clean(v as JsonObject, path));
    else out[key] = value;
  }
  // An epoch-millisecond time may also be written as RFC 3339 text (converted as the CLI's --time is).
  if (out.type === "integer" && /_time$/.test(path)) {
    const { type: _t, ...rest } = out;
    return { ...rest, anyOf: [{ type: "integer" }, { type: "string", format: "date-time" }], description: `${String(out.description ?? "")} In a plan, also RFC 3339 text with an explicit offset.`.trim() };
  }
  return out;
}

/** Removes `required` entries for fields the SDK fills in. */
function unrequire(schema: JsonObject, dotted: string): void {
  const [head, ...rest] = dotted.split(".");
  if (!head) return;
  if (rest.length === 0) {
    schema.required = ((schema.required as string[] | undefined) ?? []).filter((r) => r !== head);
    return;
  }
  const sub = (schema.properties as JsonObject | undefined)?.[head] as JsonObject | undefined;
  if (sub) unrequire(sub, rest.join("."));
}

const itemBase = {
  id: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", description: "A stable key, unique within the plan." },
  after: { type: "array", items: { type: "string" }, uniqueItems: true, description: "Items that must have succeeded before this one is sent." },
  budgetMinutes: { type: "number", exclusiveMinimum: 0, description: "How long this item may take, from its first send to its end; default the plan's." },
};

/**
 * The JSON Schema of a restore plan (draft-07, for editors and the YAML language server): each
 * item's fields are its service's restore input, taken from the same specs as everything else.
 */
export function emitPlanSchema(): string {
  const apis = new Map(listApis().map((a) => [a.name, a]));
  const definitions: JsonObject = {};
  for (const [service, operationId] of Object.entries(restores)) {
    const api = apis.get(service);
    if (!api) throw new Error(`no spec for ${service}`);
    const spec = loadDereferenced(api.file);
    const op = Object.values(spec.paths as JsonObject)
      .flatMap((item) => Object.values(item as JsonObject))
      .find((o) => (o as JsonObject).operationId === operationId) as JsonObject | undefined;
    if (!op) throw new Error(`${service}: no operation ${operationId}`);
    const body = clean(((((op.requestBody as JsonObject).content as JsonObject)["application/json"] as JsonObject).schema as JsonObject) ?? {});
    for (const field of filledIn[service] ?? []) unrequire(body, field);
    // The project, and a path value with one documented value (RDS's API version), are the client's to fill in.
    const fixed = (p: JsonObject) => ((p.schema as JsonObject | undefined)?.enum as unknown[] | undefined)?.length === 1;
    const params = ((op.parameters ?? []) as JsonObject[]).filter((p) => p.in === "path" && p.name !== "project_id" && !fixed(p));
    const properties: JsonObject = { ...itemBase, service: { const: service, description: `A ${service.toUpperCase()} restore.` } };
    for (const p of params) properties[camel(String(p.name))] = { ...clean(p.schema as JsonObject), description: String(p.description ?? "") };
    Object.assign(properties, body.properties as JsonObject);
    const { properties: _p, required: bodyRequired, type: _type, additionalProperties: _a, description, ...rules } = body;
    definitions[service] = {
      type: "object",
      description: `${String(op.summary ?? operationId)}: an item is this operation's input, plus id, service and after.${description ? ` ${String(description)}` : ""}`,
      required: ["id", "service", ...params.filter((p) => p.required === true).map((p) => camel(String(p.name))), ...((bodyRequired as string[] | undefined) ?? [])],
      properties,
      additionalProperties: false,
      ...rules,
    };
  }
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "restorekit restore plan",
    description: "A restore plan: the restores to run, in what order, under which limits. Checked by `restorekit plan check`; run by `restorekit plan apply`.",
    type: "object",
    required: ["restores"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "This schema's URL or path, for editors." },
      name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", description: "Names the run in the journal; default the file's name without its extension." },
      cloud: { enum: ["huaweicloud", "otc"], description: "Default huaweicloud." },
      region: { type: "string", description: "For example eu-de; default the environment's." },
      projectId: { type: "string", description: "Default the environment's, as authFromEnv reads it." },
      concurrency: { type: "integer", minimum: 1, description: "The most restores under way at once; default: no limit but the services' rate limits." },
      rtoMinutes: { type: "number", exclusiveMinimum: 0, description: "The recovery time objective the report measures each item against." },
      budgetMinutes: { type: "number", exclusiveMinimum: 0, description: "How long an item may take, from its first send to its end; default 240." },
      restores: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          required: ["id", "service"],
          properties: { service: { enum: Object.keys(restores) } },
          allOf: Object.keys(restores).map((s) => ({ if: { properties: { service: { const: s } }, required: ["service"] }, then: { $ref: `#/definitions/${s}` } })),
        },
      },
    },
    definitions,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
