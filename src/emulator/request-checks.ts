import type { OperationSpec } from "../spec/operation.js";
import { queryValue } from "../spec/query-value.js";
import { validate } from "../validation/validate.js";

/** The first broken rule of a request's parameters and body, as a message naming the field; or undefined. */
export function checkRequest(
  op: OperationSpec,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
  rawBody: string,
): { readonly message: string } | { readonly body: unknown } {
  for (const p of op.parameters) {
    const value = p.in === "path" ? params[p.name] : p.in === "query" ? (query.get(p.name) ?? undefined) : undefined;
    if (p.in === "header") continue;
    if (value === undefined || value === "") {
      if (p.required) return { message: `The ${p.in} parameter ${p.name} is missing.` };
      continue;
    }
    const issue = validate(p.schema, p.in === "query" ? queryValue(p.schema, value) : value)[0];
    if (issue) return { message: `The ${p.in} parameter ${p.name} ${issue.message.replace(/^\(body\) /, "")}.` };
  }
  if (!op.body) return { body: undefined };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { message: "The request body is not valid JSON." };
  }
  const issues = validate(op.body, body);
  if (issues.length) return { message: `Invalid request body: ${issues.map((i) => i.message).join("; ")}.` };
  return { body };
}
