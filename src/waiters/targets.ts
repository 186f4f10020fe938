import type { components as Cbr } from "../../generated/types/cbr.js";
import type { components as Csbs } from "../../generated/types/csbs.js";
import type { components as Rds } from "../../generated/types/rds.js";
import type { components as Vbs } from "../../generated/types/vbs.js";
import type { Verdict } from "./poll.js";

export type CbrBackupState = Cbr["schemas"]["ShowBackupResponse"];
export type CsbsItemState = Csbs["schemas"]["ShowCheckpointItemResponse"];
export type VbsVolumeState = Vbs["schemas"]["ShowVolumeResponse"];
export type RdsJobState = Rds["schemas"]["ShowJobResponse"];

/**
 * How each service's documented status reads as a restore's progress. A backup or disk that
 * reads as finished before the restore was ever seen running is not trusted at once: the
 * service may not have switched it yet (see `confirmAfterMs` in the poller).
 */

type Json = Record<string, unknown> | undefined;
/** `state[key].status` when the answer has that shape; a service's odd answer (`{}`, `null`) gives `undefined`. */
function statusOf(state: unknown, key: string): { status: string; member: Json } | undefined {
  const member = (state as Record<string, Json> | null)?.[key];
  const status = member?.status;
  return typeof status === "string" ? { status, member } : undefined;
}

/** CBR backup: `restoring` while it runs, back to `available` after, `error` when it failed. */
export function judgeCbr(state: CbrBackupState): Verdict | undefined {
  const read = statusOf(state, "backup");
  if (!read) return undefined;
  const { status } = read;
  if (status === "error") return { status, outcome: "failed", reason: "the backup's status became error" };
  return { status, outcome: status === "available" ? "succeeded" : "pending" };
}

/** CSBS backup: `restoring` (or `waiting_restore`), then `available`; `error` with `extend_info.fail_reason`. */
export function judgeCsbs(state: CsbsItemState): Verdict | undefined {
  const read = statusOf(state, "checkpoint_item");
  if (!read) return undefined;
  const { status } = read;
  if (status === "error") {
    const info = read.member?.extend_info as CsbsItemState["checkpoint_item"]["extend_info"] | undefined;
    return { status, outcome: "failed", reason: info?.fail_reason ?? info?.fail_code?.Description };
  }
  return { status, outcome: status === "available" ? "succeeded" : "pending" };
}

/** EVS disk: `restoring-backup`, then `available` (or `in-use` when attached); `error_restoring` on failure. */
export function judgeVbs(state: VbsVolumeState): Verdict | undefined {
  const read = statusOf(state, "volume");
  if (!read) return undefined;
  const { status } = read;
  if (status === "error_restoring" || status === "error") return { status, outcome: "failed", reason: `the disk's status became ${status}` };
  return { status, outcome: status === "available" || status === "in-use" ? "succeeded" : "pending" };
}

/** RDS job: `Running`, then `Completed`, or `Failed` with `fail_reason`. */
export function judgeRds(state: RdsJobState): Verdict | undefined {
  const read = statusOf(state, "job");
  if (!read) return undefined;
  const { status } = read;
  const reason = read.member?.fail_reason;
  if (status === "Failed") return { status, outcome: "failed", reason: typeof reason === "string" ? reason : undefined };
  return { status, outcome: status === "Completed" ? "succeeded" : "pending" };
}
