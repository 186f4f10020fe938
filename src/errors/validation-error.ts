import type { ValidationIssue } from "../validation/validate.js";
import { RestoreKitError } from "./restorekit-error.js";

/**
 * The request broke a documented rule and was not sent. `issues` lists every broken rule, each
 * with its JSON path (`restore.mappings[0].volume_id`) and the rule (`required`, `enum`, ...).
 */
export class ValidationError extends RestoreKitError {
  override readonly name = "ValidationError";
  declare readonly issues: readonly ValidationIssue[];
  declare readonly operation: string;

  constructor(operation: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`${operation}: ${first ? first.message : "invalid request"}${more}; nothing was sent`, { facts: { operation, issues } });
  }
}
