import { allOperations as cbr } from "../../generated/operations/cbr.js";
import { allOperations as csbs } from "../../generated/operations/csbs.js";
import { allOperations as iam } from "../../generated/operations/iam.js";
import { allOperations as rds } from "../../generated/operations/rds.js";
import { allOperations as vbs } from "../../generated/operations/vbs.js";
import { type JsonObject, listApis, loadDereferenced } from "../../scripts/lib/specs.js";
import type { OperationSpec } from "../../src/spec/operation.js";

const descriptors: Record<string, readonly OperationSpec[]> = { cbr, csbs, iam, rds, vbs };

export interface OperationUnderTest {
  readonly op: OperationSpec;
  /** The request body schema exactly as the spec states it (dereferenced, annotations kept). */
  readonly specBodySchema: JsonObject | undefined;
}

/** Every generated operation, with the spec's own body schema beside the runtime one. */
export function operationsUnderTest(): OperationUnderTest[] {
  return listApis().flatMap((api) => {
    const spec = loadDereferenced(api.file);
    return (descriptors[api.name] ?? []).map((op) => {
      const item = (spec.paths as JsonObject)[op.path] as JsonObject;
      const operation = item[op.method.toLowerCase()] as JsonObject;
      const content = (operation.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
      return { op, specBodySchema: (content?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined };
    });
  });
}
