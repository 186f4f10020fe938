import type { OperationSpec } from "./operation.js";

export type RouteMatch =
  | { readonly kind: "found"; readonly op: OperationSpec; readonly params: Record<string, string> }
  | { readonly kind: "wrongMethod"; readonly allowed: string[] }
  | { readonly kind: "none" };

/** Matches a raw path (still percent-encoded) against a template, segment by segment; parameters come back decoded. */
export function matchPath(template: string, rawPath: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = rawPath.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    const name = /^\{(.+)\}$/.exec(w)?.[1];
    if (name === undefined) {
      if (w !== g) return undefined;
      continue;
    }
    try {
      params[name] = decodeURIComponent(g);
    } catch {
      return undefined;
    }
  }
  return params;
}

/** Finds the operation for a method and raw path; literal segments win over parameters. */
export function findOperation(operations: readonly OperationSpec[], method: string, rawPath: string): RouteMatch {
  const matches = operations
    .map((op) => ({ op, params: matchPath(op.path, rawPath) }))
    .filter((m): m is { op: OperationSpec; params: Record<string, string> } => m.params !== undefined)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  const hit = matches.find((m) => m.op.method === method);
  if (hit) return { kind: "found", op: hit.op, params: hit.params };
  if (matches.length) return { kind: "wrongMethod", allowed: [...new Set(matches.map((m) => m.op.method))] };
  return { kind: "none" };
}
