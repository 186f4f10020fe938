import { allOperations as cbr } from "../../generated/operations/cbr.js";
import { allOperations as csbs } from "../../generated/operations/csbs.js";
import { allOperations as iam } from "../../generated/operations/iam.js";
import { allOperations as rds } from "../../generated/operations/rds.js";
import { allOperations as vbs } from "../../generated/operations/vbs.js";
import { type RouteMatch, findOperation } from "../spec/match.js";
import type { OperationSpec } from "../spec/operation.js";

/** Every operation of every spec, from the generated descriptors. */
export const operations: readonly OperationSpec[] = [...cbr, ...csbs, ...vbs, ...rds, ...iam];

export type { RouteMatch };

const requiredQuery = (op: OperationSpec) => op.parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name);

/**
 * Finds the operation for a method and raw path; literal segments win over parameters. The
 * emulator serves every service on one port, where two services can share a method and path
 * (CBR's and RDS's `GET /v3/{project_id}/backups`): the operation whose required query
 * parameters the request carries, most of them first, is chosen (RDS requires `instance_id`).
 */
export function route(method: string, rawPath: string, query: URLSearchParams = new URLSearchParams()): RouteMatch {
  const match = findOperation(operations, method, rawPath);
  if (match.kind !== "found") return match;
  const twins = operations.filter((op) => op.method === match.op.method && op.path === match.op.path);
  if (twins.length < 2) return match;
  const fitting = twins.filter((op) => requiredQuery(op).every((name) => query.has(name)));
  const best = fitting.sort((a, b) => requiredQuery(b).length - requiredQuery(a).length)[0] ?? match.op;
  return { ...match, op: best };
}
