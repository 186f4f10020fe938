import type { Diff } from "api-smart-diff";
import type { ChangeKind } from "./change.js";

/**
 * restorekit's rules on top of api-smart-diff's classification, for what matters to the SDKs
 * generated from these specs. The first rule that returns a kind decides; otherwise
 * api-smart-diff's own kind stands, and a change it leaves unclassified counts as breaking.
 */
export interface Rule {
  readonly name: string;
  readonly decide: (diff: Diff) => ChangeKind | undefined;
}

const segments = (diff: Diff) => diff.path.map(String);
const isRequest = (diff: Diff) => segments(diff).some((s) => s === "requestBody" || s === "parameters");
const isResponse = (diff: Diff) => segments(diff).includes("responses");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether a rule under this path tightens requests when it grows: `not` and `if` invert that (a
 * `not` or an `if` that matches fewer documents refuses fewer), so an odd number of them flips.
 */
function tightensWhenAdded(diff: Diff): boolean {
  const flips = segments(diff)
    .slice(0, -1)
    .filter((s) => s === "not" || s === "if").length;
  return flips % 2 === 0;
}

const flip = (kind: ChangeKind, polarity: boolean): ChangeKind => (polarity ? kind : kind === "breaking" ? "non-breaking" : "breaking");

/** Keywords a schema member may hold and still be only a rule over its parent's properties. */
const constraintOnly = new Set(["title", "description", "not", "if", "then", "anyOf", "oneOf", "allOf", "required", "minProperties", "maxProperties"]);

export const rules: readonly Rule[] = [
  {
    // Servers decide where generated clients send requests (restorekit's endpoint table comes from them).
    name: "x-cloud-changed",
    decide: (d) => (segments(d).includes("x-cloud") ? "breaking" : undefined),
  },
  {
    name: "extension-is-annotation",
    decide: (d) => (segments(d).some((s) => s.startsWith("x-")) ? "annotation" : undefined),
  },
  {
    // A tag added to the document's list only names a group for the docs; the operations that use it are classified on their own.
    name: "tag-added",
    decide: (d) => (segments(d)[0] === "tags" && d.action === "add" ? "annotation" : undefined),
  },
  {
    // A scheme a document newly offers requires nothing of existing callers: only an operation (or
    // the top-level `security`) that names it does, and that change is classified on its own.
    name: "security-scheme-added",
    decide: (d) => {
      const [first, second] = segments(d);
      return first === "components" && second === "securitySchemes" && d.action === "add" ? "non-breaking" : undefined;
    },
  },
  {
    name: "example-is-annotation",
    decide: (d) => (segments(d).some((s) => s === "example" || s === "examples") ? "annotation" : undefined),
  },
  {
    name: "server-changed",
    decide: (d) => {
      const path = segments(d);
      const at = path.lastIndexOf("servers");
      if (at < 0) return undefined;
      const rest = path.slice(at + 1);
      if (rest.at(-1) === "description" || rest.includes("description")) return "annotation";
      // A server or a region added reaches more; one removed, or a URL or default changed, breaks callers.
      if (d.action === "add" && (rest.length === 1 || rest.includes("enum"))) return "non-breaking";
      return "breaking";
    },
  },
  {
    // A changed default changes what a caller that omits the field gets (api-smart-diff leaves some cases out).
    name: "default-changed",
    decide: (d) => {
      const path = segments(d);
      const at = path.lastIndexOf("default");
      return at > 0 && path[at - 1] !== "responses" ? "breaking" : undefined;
    },
  },
  {
    // A request field that becomes required, conditional rules (`then`) included.
    name: "request-field-required",
    decide: (d) => {
      if (!isRequest(d)) return undefined;
      const path = segments(d);
      const last = path.at(-1);
      if (path.includes("required") && path.at(-2) === "required") {
        if (d.action === "add") return flip("breaking", tightensWhenAdded(d));
        if (d.action === "remove") return flip("non-breaking", tightensWhenAdded(d));
      }
      if (last === "required" && Array.isArray(d.after) && d.action !== "remove") return flip("breaking", tightensWhenAdded(d));
      if (last === "required" && Array.isArray(d.before) && d.action === "remove") return flip("non-breaking", tightensWhenAdded(d));
      if (last === "required" && (d.after === true || d.before === false)) return "breaking";
      if (last === "required" && (d.after === false || d.before === true)) return "non-breaking";
      return undefined;
    },
  },
  {
    // A request rule that only constrains its parent (a `not`, an `if`/`then`, an `anyOf` of
    // requirements): removing it accepts more requests, adding it accepts fewer.
    name: "request-rule-added-or-removed",
    decide: (d) => {
      if (!isRequest(d) || (d.action !== "add" && d.action !== "remove")) return undefined;
      const value = d.action === "add" ? d.after : d.before;
      if (!isObject(value) || !Object.keys(value).every((k) => constraintOnly.has(k))) return undefined;
      if (!Object.keys(value).some((k) => k !== "title" && k !== "description")) return undefined;
      return flip(d.action === "add" ? "breaking" : "non-breaking", tightensWhenAdded(d));
    },
  },
  {
    // Generated response types lose the member; callers that read it no longer compile.
    name: "response-property-removed",
    decide: (d) => (isResponse(d) && d.action === "remove" && segments(d).at(-2) === "properties" ? "breaking" : undefined),
  },
];

/** The kind of one api-smart-diff change, and the rule that decided it. */
export function classify(diff: Diff): { kind: ChangeKind; decidedBy: string } {
  for (const rule of rules) {
    const kind = rule.decide(diff);
    if (kind) return { kind, decidedBy: rule.name };
  }
  if (diff.type === "breaking" || diff.type === "non-breaking" || diff.type === "annotation") return { kind: diff.type, decidedBy: "api-smart-diff" };
  if (diff.type === "deprecated") return { kind: "non-breaking", decidedBy: "api-smart-diff (deprecated)" };
  return { kind: "breaking", decidedBy: "unclassified-is-breaking" };
}
