import createClient, { type Client } from "openapi-fetch";
import { ValidationError } from "../errors/validation-error.js";
import type { EndpointService } from "../endpoints.js";
import { findOperation } from "../spec/match.js";
import type { OperationSpec } from "../spec/operation.js";
import { queryValue } from "../spec/query-value.js";
import type { ServerSpec } from "../spec/server.js";
import { send } from "../transport/send.js";
import type { ValidationIssue } from "../validation/validate.js";
import { type CallContext, prepareCall } from "./call.js";
import type { ClientCore } from "./core.js";
import { camelCase } from "./path-params.js";

/**
 * Turns a request built by openapi-fetch back into a typed method's input (camelCase
 * parameters, body members), so that it meets the same checks: a documented operation, path
 * parameters that are one segment each, documented query parameters, a valid body. What is
 * sent is what those checks passed, serialized again by restorekit.
 */
async function inputOf(operations: readonly OperationSpec[], request: Request, base: string) {
  const url = new URL(request.url);
  const basePath = new URL(base).pathname.replace(/\/$/, "");
  const fail = (rule: string, message: string, path = "path"): never => {
    throw new ValidationError(`${request.method} ${url.pathname}`, [{ path, rule, message }]);
  };
  if (url.origin !== new URL(base).origin || !url.pathname.startsWith(`${basePath}/`)) fail("operation", `${url.origin}${url.pathname} is not under the client's endpoint ${base}`);
  const match = findOperation(operations, request.method, url.pathname.slice(basePath.length));
  if (match.kind !== "found") return fail("operation", `${request.method} ${url.pathname} is not an operation of this spec (a parameter of "." or ".." changes the path)`);
  const { op, params } = match;
  const input: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === `{${name}}`) issues.push({ path: camelCase(name), rule: "required", message: `${name} was not given (the path still holds {${name}})` });
    if (name !== "project_id") input[camelCase(name)] = value;
  }
  for (const [name, value] of url.searchParams) {
    const declared = op.parameters.find((p) => p.in === "query" && p.name === name);
    if (!declared) issues.push({ path: name, rule: "additionalProperties", message: `${name} is not a documented query parameter` });
    else if (camelCase(name) in input) issues.push({ path: name, rule: "maxItems", message: `${name} is given more than once` });
    // The URL carries text; an integer or boolean parameter is checked as one (`limit=10` is 10).
    else input[camelCase(name)] = queryValue(declared.schema, value);
  }
  const text = request.body ? await request.text() : "";
  if (text && !op.body) issues.push({ path: "(body)", rule: "body", message: "this operation takes no body" });
  if (text && op.body) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail("json", "(body) is not JSON", "(body)");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) fail("type", "(body) must be an object", "(body)");
    for (const key of Object.keys(body as object)) {
      Object.defineProperty(input, key, { value: (body as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    }
  }
  if (issues.length) throw new ValidationError(`${op.service}.${op.operationId}`, issues);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== "content-type") headers[name] = value;
  });
  return { op, input, projectId: params.project_id, headers };
}

/**
 * The typed openapi-fetch client of one service, for `{ data, error }` style code, with
 * restorekit's checks, auth, retries, timeouts and hooks underneath: a request is refused with
 * nothing sent when a typed method would refuse it.
 */
export function rawClient<Paths extends {}>(
  core: ClientCore,
  service: EndpointService,
  servers: readonly ServerSpec[],
  operations: readonly OperationSpec[],
): Client<Paths> {
  const base = core.endpoint(service, servers);
  const context: CallContext = { core, servers: { [service]: servers } };
  const fetch = async (request: Request): Promise<Response> => {
    const { op, input, projectId, headers } = await inputOf(operations, request, base);
    const call = prepareCall({ ...context, servers: { ...context.servers, [op.endpoint]: servers } }, op, input, { ...(projectId ? { projectId } : {}), headers });
    const received = await send(
      { service: op.service, operation: op.operationId, method: op.method, url: call.url, headers: call.headers, body: call.json, idempotent: op.method === "GET" },
      core.settings({}, call.projectId),
    );
    const empty = received.status === 204 || received.status === 304;
    return new Response(empty ? null : received.text, { status: received.status, headers: received.headers });
  };
  return createClient<Paths>({ baseUrl: base, fetch });
}
