import type { ValidationIssue } from "../validation/validate.js";

// Control characters (C0, DEL, C1) never belong in an ID, and would change the URL or a log line.
const control = /[\u0000-\u001f\u007f-\u009f]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a value bound for one path segment. The URL parser would collapse `.` and `..` (so
 * `/backups/../restore` becomes `/restore`), an empty value would leave `//`, and a missing one
 * a literal `{name}`; all are refused before anything is sent. Anything else is percent-encoded
 * into exactly one segment.
 */
export function checkPathParam(name: string, value: unknown): ValidationIssue | undefined {
  const issue = (rule: string, what: string) => ({ path: name, rule, message: `${name} ${what}` });
  if (value === undefined || value === null) return issue("required", "is required");
  if (typeof value !== "string") return issue("type", `must be a string, not ${typeof value}`);
  if (value === "") return issue("minLength", "must not be empty");
  if (value === "." || value === "..") return issue("pathSegment", `must not be "${value}" (it would change the URL's path)`);
  if (control.test(value)) return issue("pathSegment", "must not contain control characters");
  if (loneSurrogate.test(value)) return issue("pathSegment", "must be well-formed Unicode (it has a lone surrogate)");
  return undefined;
}

/** `backup_id` → `backupId`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
