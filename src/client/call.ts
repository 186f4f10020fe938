import { apiErrorFor } from "../errors/api-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import { type RestoreKitError, settleFate } from "../errors/restorekit-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { EndpointService } from "../endpoints.js";
import type { OperationSpec } from "../spec/operation.js";
import type { ServerSpec } from "../spec/server.js";
import { parseJson } from "../transport/attempt.js";
import { type Received, send } from "../transport/send.js";
import { checkCallHeaders, wireHeaders } from "../transport/wire-headers.js";
import { serialize } from "../validation/serialize.js";
import { type ValidationIssue, validate } from "../validation/validate.js";
import type { ClientCore } from "./core.js";
import type { CallOptions } from "./options.js";
import { camelCase, checkPathParam } from "./path-params.js";

/** What a call needs from its client: the shared core, and the endpoint lists of the service's operations. */
export interface CallContext {
  readonly core: ClientCore;
  /** Endpoint lists by table key (`cbr`; `vbs` and `evs` for VBS). */
  readonly servers: Readonly<Record<string, readonly ServerSpec[]>>;
}

/** Sets a member as an own property, even `__proto__`, so that it is validated (and refused) rather than lost. */
const put = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** A field of the body the service requires with one fixed value (CSBS `provider_id`), filled in when absent. */
function fillConstants(schema: OperationSpec["body"], value: unknown): unknown {
  if (!schema || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (out[name] === undefined && sub.const !== undefined && schema.required?.includes(name)) out[name] = sub.const;
    else if (out[name] !== undefined) out[name] = fillConstants(sub, out[name]);
  }
  return out;
}

/** Splits a call's input into path and query parameters (camelCase in the input) and the body. */
function splitInput(op: OperationSpec, input: Record<string, unknown>, projectId: string | undefined) {
  const issues: ValidationIssue[] = [];
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const taken = new Set<string>();
  for (const p of op.parameters) {
    if (p.in === "header") continue;
    const key = camelCase(p.name);
    taken.add(key);
    const fixed = p.schema.enum?.length === 1 ? p.schema.enum[0] : undefined;
    let value = p.name === "project_id" ? projectId : (input[key] ?? fixed);
    if (p.in === "path") {
      const problem = checkPathParam(p.name === "project_id" ? "projectId" : key, value);
      if (problem) {
        issues.push(problem);
        continue;
      }
    } else if (value === undefined) {
      if (p.required) issues.push({ path: key, rule: "required", message: `${key} is required` });
      continue;
    }
    for (const i of validate(p.schema, value)) issues.push({ ...i, path: key, message: `${key} ${i.message.replace(/^\(body\) /, "")}` });
    value = String(value);
    (p.in === "path" ? path : query)[p.name] = value as string;
  }
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(input)) if (!taken.has(key)) put(body, key, input[key]);
  return { issues, path, query, body };
}

/** Fills the path template (each value percent-encoded into one segment) and appends the query. */
function buildUrl(base: string, template: string, path: Readonly<Record<string, string>>, query: Readonly<Record<string, string>>): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? ""));
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `${base}${filled}${search ? `?${search}` : ""}`;
}

/** The host a redirect points at (never the whole URL, which may carry credentials), or `undefined`. */
function locationHost(received: Received, url: string): string | undefined {
  try {
    return new URL(received.headers.get("Location") ?? "", url).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a call's input against its operation without sending anything: path and query
 * parameters, extra headers, and the body as it serializes (refusing what JSON cannot carry).
 * Returns every broken rule, and the serialized body when there is none.
 */
export function checkCall(
  op: OperationSpec,
  input: Record<string, unknown>,
  options: Pick<CallOptions, "headers">,
  projectId: string | undefined,
  normalize: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b,
) {
  const split = splitInput(op, typeof input === "object" && input !== null ? input : {}, projectId);
  const issues = [...split.issues, ...checkCallHeaders(options.headers ?? {})];
  let json = "";
  if (op.body) {
    const serialized = serialize(fillConstants(op.body, normalize(split.body)));
    if ("issues" in serialized) issues.push(...serialized.issues);
    else {
      json = serialized.json;
      issues.push(...validate(op.body, JSON.parse(json)));
    }
  }
  return { issues, path: split.path, query: split.query, json };
}

/**
 * Checks and serializes a call (`checkCall`), throwing `ValidationError` with nothing sent on
 * any broken rule; returns the URL, the headers as they go on the wire, and the body.
 */
export function prepareCall(
  context: CallContext,
  op: OperationSpec,
  input: Record<string, unknown>,
  options: CallOptions,
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>,
) {
  const name = `${op.service}.${op.operationId}`;
  const projectId = options.projectId ?? context.core.defaultProjectId;
  const checked = checkCall(op, input, options, projectId, normalize);
  if (checked.issues.length) throw new ValidationError(name, checked.issues);
  const base = context.core.endpoint(op.endpoint as EndpointService, context.servers[op.endpoint] ?? []);
  const headers = wireHeaders(op.body ? { "Content-Type": "application/json" } : {}, options.headers ?? {});
  const url = buildUrl(base, op.path, checked.path, checked.query);
  return { name, projectId: projectId as string, url, headers, json: checked.json };
}

/**
 * Runs one operation: checks and serializes it (`prepareCall`), sends it (signed from that
 * string, retried per policy), and returns the documented body with the answer it came in, or
 * throws the typed error, which carries the request's fate.
 */
export async function exchangeOperation(
  context: CallContext,
  op: OperationSpec,
  input: Record<string, unknown>,
  options: CallOptions = {},
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>,
): Promise<{ readonly body: unknown; readonly received: Received }> {
  const { core } = context;
  const call = prepareCall(context, op, input, options, normalize);
  const exchange = { service: op.service, operation: op.operationId, method: op.method, url: call.url, headers: call.headers, body: call.json, idempotent: op.method === "GET" };
  const answer = await send(exchange, core.settings(options, call.projectId));
  const restore = !exchange.idempotent;
  if (answer.status >= 200 && answer.status < 300) {
    try {
      return { body: op.successHasBody ? parseJson(call.name, answer) : undefined, received: answer };
    } catch (error) {
      throw settleFate(error as RestoreKitError, answer.fate, restore);
    }
  }
  const parsed = parseErrorBody(answer.text);
  const redact = (s: string | undefined) => (s === undefined ? undefined : core.redactor.redact(s));
  const host = locationHost(answer, call.url);
  const redirect = answer.status < 400 ? { location: host, message: `redirected to ${host ?? "an unnamed location"}, which restorekit never follows` } : {};
  const error = apiErrorFor(
    {
      status: answer.status,
      code: redact(parsed.code),
      message: redact(parsed.message),
      requestId: answer.requestId,
      service: op.service,
      operation: op.operationId,
      body: core.redactor.redactJson(parsed.body),
      retryAfterMs: answer.retryAfterMs,
      ...redirect,
    },
    answer.fate,
  );
  throw settleFate(error, answer.fate, restore);
}

/** Runs one operation (`exchangeOperation`) and returns the documented body. */
export async function callOperation(
  context: CallContext,
  op: OperationSpec,
  input: Record<string, unknown>,
  options: CallOptions = {},
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>,
): Promise<unknown> {
  return (await exchangeOperation(context, op, input, options, normalize)).body;
}

/** A typed method that runs one operation: `(input, options?) => Promise<output>`. */
export function operationMethod<I, O>(
  context: CallContext,
  op: OperationSpec,
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>,
): (input: I, options?: CallOptions) => Promise<O> {
  return (input, options) => callOperation(context, op, input as Record<string, unknown>, options, normalize) as Promise<O>;
}
