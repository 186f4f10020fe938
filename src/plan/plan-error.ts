import { RestoreKitError } from "../errors/restorekit-error.js";

/** One problem of a plan: the item (if any), the field and the rule it breaks. */
export interface PlanProblem {
  /** The item's `id`, or its position (`restores[3]`) when it has none. */
  readonly item?: string;
  /** A path such as `source.restore_time`, or `after`. */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** The plan cannot be run: every problem is listed, and nothing was sent. */
export class PlanError extends RestoreKitError {
  override readonly name = "PlanError";
  declare readonly problems: readonly PlanProblem[];

  constructor(message: string, problems: readonly PlanProblem[] = []) {
    super(message, { facts: { problems } });
  }
}

/** An optional package the plan feature needs is not installed: one line, saying what to install. */
export function missingModule(name: string, why: string): PlanError {
  return new PlanError(`the package ${name} is needed ${why}: npm install ${name}`);
}
