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

/** Finds the operation for a method and raw path; literal segments win over parameters. */
export const route = (method: string, rawPath: string): RouteMatch => findOperation(operations, method, rawPath);
