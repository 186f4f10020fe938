import type { InputOf } from "../client/operation-types.js";
import type { CreateRestoreInput } from "../services/csbs.js";
import type { operations as Cbr } from "../../generated/types/cbr.js";
import type { operations as Rds } from "../../generated/types/rds.js";
import type { operations as Vbs } from "../../generated/types/vbs.js";
import type { Cloud } from "../spec/server.js";

/** What every item has besides its service's restore input. */
interface ItemBase<S extends string> {
  /** A stable key, unique within the plan: letters, digits, `.`, `_`, `-` (at most 128). */
  readonly id: string;
  readonly service: S;
  /** Items that must have succeeded before this one is sent. */
  readonly after?: readonly string[];
  /** How long this item may take, from its first send to its end; default the plan's. */
  readonly budgetMinutes?: number;
}

type RdsInput = InputOf<Rds["restoreToExistingInstance"]>;
/** An RDS item's point in time may also be RFC 3339 text, converted as the CLI's `--time` is. */
type RdsPlanInput = Omit<RdsInput, "source"> & { readonly source: Omit<RdsInput["source"], "restore_time"> & { readonly restore_time?: number | string } };

/** One restore of a plan: exactly the input of that service's restore method, plus `id`, `service`, `after`. */
export type PlanItem =
  | (ItemBase<"cbr"> & InputOf<Cbr["restoreBackup"]>)
  | (ItemBase<"csbs"> & CreateRestoreInput)
  | (ItemBase<"vbs"> & InputOf<Vbs["restoreBackup"]>)
  | (ItemBase<"rds"> & RdsPlanInput);

/** A restore plan, as written in YAML or JSON (see `generated/plan.schema.json`). */
export interface PlanDocument {
  /** Names the run in the journal; default the file's name without its extension. */
  readonly name?: string;
  readonly cloud?: Cloud;
  readonly region?: string;
  /** Default: the environment's, as `authFromEnv` reads it. */
  readonly projectId?: string;
  /** The most restores under way at once (sent and not yet finished); default: no limit but the rate limit. */
  readonly concurrency?: number;
  /** The recovery time objective the report measures each item against. */
  readonly rtoMinutes?: number;
  /** How long an item may take, from its first send to its end; default 240 minutes. */
  readonly budgetMinutes?: number;
  readonly restores: readonly PlanItem[];
}
