import { type Diff, apiCompare } from "api-smart-diff";
import type { JsonObject } from "../specs.js";
import type { SpecChange } from "./change.js";
import { classify } from "./rules.js";

const methods = new Set(["get", "put", "post", "delete", "patch", "options", "head", "trace"]);

/** The operation a change belongs to (`cbr.restoreBackup`), or the service. */
function subjectOf(service: string, diff: Diff, before: JsonObject, after: JsonObject): string {
  const [root, route, method] = diff.path.map(String);
  if (root !== "paths" || !route || !method || !methods.has(method)) return service;
  const op = (doc: JsonObject) => ((doc.paths as JsonObject | undefined)?.[route] as JsonObject | undefined)?.[method] as JsonObject | undefined;
  const id = op(after)?.operationId ?? op(before)?.operationId;
  return typeof id === "string" ? `${service}.${id}` : `${service} ${method.toUpperCase()} ${route}`;
}

/** api-smart-diff's sentence without its `[Removed]` tag, or a plain one of our own. */
function whatOf(diff: Diff): string {
  const text = diff.description?.replace(/^\[(\w+)\]\s*/, "$1 ").trim();
  const changed: unknown = diff.action === "add" ? diff.after : diff.before;
  const title = changed && typeof changed === "object" && "title" in changed && typeof changed.title === "string" ? ` ("${changed.title}")` : "";
  if (text) return `${text}${title}`;
  const at = diff.path.map(String).join(".");
  const value = (v: unknown) => (v === undefined ? "" : ` ${JSON.stringify(v)}`.slice(0, 120));
  if (diff.action === "add") return `Added${value(diff.after)} at ${at}`;
  if (diff.action === "remove") return `Removed${value(diff.before)} at ${at}`;
  return `Replaced${value(diff.before)} with${value(diff.after)} at ${at}`;
}

/**
 * Every change from one bundled spec to another, classified. Component changes are judged where
 * they take effect (api-smart-diff resolves references into the operations), except security
 * schemes, which no operation inlines.
 */
export function compareSpecs(service: string, before: JsonObject, after: JsonObject): SpecChange[] {
  // api-smart-diff rewrites the documents it is given (it merges allOf in place).
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const seen = new Set<string>();
  const changes: SpecChange[] = [];
  for (const diff of diffs) {
    const path = diff.path.map(String);
    if (path[0] === "components" && path[1] !== "securitySchemes") continue;
    const { kind, decidedBy } = classify(diff);
    const change = { service, kind, subject: subjectOf(service, diff, before, after), what: whatOf(diff), path: path.join("."), decidedBy };
    const key = `${change.kind}|${change.subject}|${change.what}|${change.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push(change);
  }
  return changes;
}

/** A service present on one side only is one change: added (non-breaking) or removed (breaking). */
export function serviceChange(service: string, present: "before" | "after"): SpecChange {
  return present === "after"
    ? { service, kind: "non-breaking", subject: service, what: `Added the ${service} spec`, path: "", decidedBy: "service-added" }
    : { service, kind: "breaking", subject: service, what: `Removed the ${service} spec`, path: "", decidedBy: "service-removed" };
}
