import { apiErrorFor } from "../errors/api-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import { MalformedResponseError } from "../errors/transport-errors.js";
import { ValidationError } from "../errors/validation-error.js";
import type { EndpointService } from "../endpoints.js";
import type { OperationSpec } from "../spec/operation.js";
import type { ServerSpec } from "../spec/server.js";
import { type Received, send } from "../transport/send.js";
import { type ValidationIssue, validate } from "../validation/validate.js";
import type { ClientCore } from "./core.js";
import type { CallOptions } from "./options.js";
import { camelCase, checkHeader, checkPathParam } from "./path-params.js";

/** What a call needs from its client: the shared core, and the endpoint lists of the service's operations. */
export interface CallContext {
  readonly core: ClientCore;
  /** Endpoint lists by table key (`cbr`; `vbs` and `evs` for VBS). */
  readonly servers: Readonly<Record<string, readonly ServerSpec[]>>;
}

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
    if (p.name === "project_id" && value === undefined) {
      issues.push({ path: "projectId", rule: "required", message: "projectId is required: set it in createRestoreClient({ projectId }) or per call" });
      continue;
    }
    if (p.in === "path") {
      const problem = checkPathParam(key, value);
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
  for (const [key, value] of Object.entries(input)) if (!taken.has(key)) body[key] = value;
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

function parseSuccess(op: OperationSpec, received: Received): unknown {
  if (!op.successHasBody) return undefined;
  try {
    return JSON.parse(received.text);
  } catch {
    const restore = op.method === "POST" ? " The restore was accepted: do not send it again; check its status instead." : "";
    throw new MalformedResponseError(`${op.service}.${op.operationId}: HTTP ${received.status} with a body that is not JSON.${restore}`, {
      operation: `${op.service}.${op.operationId}`,
      status: received.status,
      requestId: received.headers.get("X-Request-Id") ?? undefined,
    });
  }
}

/**
 * Runs one operation: resolves the project ID, fills fixed values, validates parameters,
 * headers and body against the spec (throwing `ValidationError` with nothing sent), serializes
 * the body once, sends it (signed from that string, retried per policy), and returns the
 * documented body or throws the typed error.
 */
export async function callOperation(
  context: CallContext,
  op: OperationSpec,
  input: Record<string, unknown>,
  options: CallOptions = {},
  normalize: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b,
): Promise<unknown> {
  const name = `${op.service}.${op.operationId}`;
  const projectId = options.projectId ?? context.core.defaultProjectId;
  const split = splitInput(op, input ?? {}, projectId);
  const issues = split.issues;
  for (const [header, value] of Object.entries(options.headers ?? {})) {
    const problem = checkHeader(header, value);
    if (problem) issues.push(problem);
  }
  let body: unknown;
  if (op.body) {
    body = fillConstants(op.body, normalize(split.body));
    issues.push(...validate(op.body, body));
  }
  if (issues.length) throw new ValidationError(name, issues);
  const json = op.body ? JSON.stringify(body) : "";
  const { core } = context;
  const base = core.endpoint(op.endpoint as EndpointService, context.servers[op.endpoint] ?? []);
  const headers: Record<string, string> = { ...(op.body ? { "Content-Type": "application/json" } : {}), ...options.headers };
  const answer = await send(
    { service: op.service, operation: op.operationId, method: op.method, url: buildUrl(base, op.path, split.path, split.query), headers, body: json, idempotent: op.method === "GET" },
    core.settings(options, projectId as string),
  );
  if (answer.status >= 200 && answer.status < 300) return parseSuccess(op, answer);
  const parsed = parseErrorBody(answer.text);
  const redact = (s: string | undefined) => (s === undefined ? undefined : core.redactor.redact(s));
  throw apiErrorFor({
    status: answer.status,
    code: redact(parsed.code),
    message: redact(parsed.message),
    requestId: answer.headers.get("X-Request-Id") ?? undefined,
    service: op.service,
    operation: op.operationId,
    body: core.redactor.redactJson(parsed.body),
    retryAfterMs: answer.retryAfterMs,
  });
}

/** A typed method that runs one operation: `(input, options?) => Promise<output>`. */
export function operationMethod<I, O>(
  context: CallContext,
  op: OperationSpec,
  normalize?: (body: Record<string, unknown>) => Record<string, unknown>,
): (input: I, options?: CallOptions) => Promise<O> {
  return (input, options) => callOperation(context, op, input as Record<string, unknown>, options, normalize) as Promise<O>;
}
