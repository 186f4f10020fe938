import { restoreBackup as cbrRestore } from "../../generated/operations/cbr.js";
import { createRestore as csbsRestore } from "../../generated/operations/csbs.js";
import { restoreToExistingInstance as rdsRestore } from "../../generated/operations/rds.js";
import { restoreBackup as vbsRestore } from "../../generated/operations/vbs.js";
import { normalizeRdsRestore } from "../client/rds-normalize.js";
import type { OperationSpec } from "../spec/operation.js";

export type PlanService = "cbr" | "csbs" | "vbs" | "rds";

export const planServices: readonly PlanService[] = ["cbr", "csbs", "vbs", "rds"];

/** Each service's restore: the operation an item's fields are the input of, and how the SDK normalizes it. */
export const restoreOperations: Readonly<Record<PlanService, { readonly op: OperationSpec; readonly normalize?: (body: Record<string, unknown>) => Record<string, unknown> }>> = {
  cbr: { op: cbrRestore },
  csbs: { op: csbsRestore },
  vbs: { op: vbsRestore },
  rds: { op: rdsRestore, normalize: normalizeRdsRestore },
};
