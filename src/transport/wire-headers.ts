import type { ValidationIssue } from "../validation/validate.js";

/**
 * Headers a caller may not set: the ones that frame or route the message (fetch and the
 * connection own them) and the ones the auth mode signs or sets.
 */
const reserved = /^(host|content-length|transfer-encoding|connection|keep-alive|upgrade|te|trailer|expect|proxy-connection|authorization|x-(auth-token|security-token|sdk-date|project-id))$/i;

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why a header value cannot go on the wire as it is, or `undefined`. fetch would throw on these, or send something else. */
export function headerValueProblem(value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return "must not contain CR, LF or NUL";
  if (/[\u0001-\u0008\u000b-\u001f\u007f]/.test(value)) return "must not contain control characters";
  return /[^\u0000-\u00ff]/.test(value) ? "must be Latin-1 (no character above U+00FF)" : undefined;
}

/** Checks a call's extra headers: valid names, none reserved, values that survive the wire. */
export function checkCallHeaders(headers: Readonly<Record<string, string>>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const path = `headers.${name}`;
    const problem = typeof value !== "string" ? "must be a string" : headerValueProblem(value);
    if (!token.test(name)) issues.push({ path, rule: "headerName", message: `header name ${JSON.stringify(name)} is not a valid token` });
    else if (reserved.test(name)) issues.push({ path, rule: "reserved", message: `${path} is set by restorekit or fetch` });
    else if (problem) issues.push({ path, rule: "headerValue", message: `${path} ${problem}` });
  }
  return issues;
}

/**
 * The headers exactly as fetch will send them: one entry per name, whatever its case (a later
 * entry replaces an earlier one, where fetch would join them), each value trimmed of the
 * spaces and tabs fetch strips. Signing this record signs what goes on the wire.
 */
export function wireHeaders(...sets: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const set of sets) {
    for (const [name, value] of Object.entries(set)) {
      const key = name.toLowerCase();
      const previous = names.get(key);
      if (previous !== undefined) delete out[previous];
      names.set(key, name);
      out[name] = value.replace(/^[\t ]+|[\t ]+$/g, "");
    }
  }
  return out;
}
