import type { CallOptions } from "../client/options.js";
import { checkPathParam } from "../client/path-params.js";
import { ValidationError } from "../errors/validation-error.js";
import type { CbrClient } from "../services/cbr.js";
import type { CsbsClient } from "../services/csbs.js";
import type { RdsClient } from "../services/rds.js";
import type { VbsClient } from "../services/vbs.js";
import { type Verdict, type WaitOptions, pollUntilDone } from "./poll.js";
import { type CbrBackupState, type CsbsItemState, type RdsJobState, type VbsVolumeState, judgeCbr, judgeCsbs, judgeRds, judgeVbs } from "./targets.js";

/** Options of a waiter: how to poll, and the project the resource belongs to. */
export interface WaiterOptions extends WaitOptions {
  readonly projectId?: string;
}

/** Longest single status read; the wait's remaining budget shortens it further. */
const readTimeoutMs = 30_000;

interface Waiter<S> {
  readonly service: string;
  /** For messages: `backup 5d82…`. */
  readonly resource: string;
  /** One status read with a service client's method. */
  readonly read: (options: CallOptions) => Promise<S>;
  readonly judge: (state: S) => Verdict | undefined;
  /** Whether a "finished" state seen before any pending one is doubted (see `confirmAfterMs`). */
  readonly doubtEarlyFinish: boolean;
  /** How long after the start a 404 means "not readable yet". */
  readonly notFoundGraceMs?: number;
}

/** Polls with the client's own read, so reads share its auth, endpoints and retry policy. A bad ID is refused at once. */
async function waitWith<S>(waiter: Waiter<S>, id: { readonly name: string; readonly value: unknown }, options: WaiterOptions): Promise<S> {
  const problem = checkPathParam(id.name, id.value);
  if (problem) throw new ValidationError(`${waiter.service} wait`, [problem]);
  const { projectId } = options;
  return pollUntilDone<S>(
    {
      ...waiter,
      read: (signal, remainingMs) =>
        waiter.read({ ...(projectId ? { projectId } : {}), ...(signal ? { signal } : {}), timeoutMs: Math.ceil(Math.min(remainingMs, readTimeoutMs)) }),
    },
    options,
  );
}

/** Resolves when the CBR backup is no longer `restoring`; throws `RestoreFailedError` when it became `error`. */
export function waitForCbrRestore(cbr: Pick<CbrClient, "showBackup">, backupId: string, options: WaiterOptions = {}): Promise<CbrBackupState> {
  const read = (o: CallOptions) => cbr.showBackup({ backupId }, o);
  return waitWith({ service: "cbr", resource: `backup ${backupId}`, read, judge: judgeCbr, doubtEarlyFinish: true }, { name: "backupId", value: backupId }, options);
}

/** Resolves when the CSBS backup (checkpoint item) is `available` again; throws `RestoreFailedError` with `fail_reason`. */
export function waitForCsbsRestore(
  csbs: Pick<CsbsClient, "showCheckpointItem">,
  checkpointItemId: string,
  options: WaiterOptions = {},
): Promise<CsbsItemState> {
  const read = (o: CallOptions) => csbs.showCheckpointItem({ checkpointItemId }, o);
  return waitWith(
    { service: "csbs", resource: `backup ${checkpointItemId}`, read, judge: judgeCsbs, doubtEarlyFinish: true },
    { name: "checkpointItemId", value: checkpointItemId },
    options,
  );
}

/** Resolves when the disk leaves `restoring-backup`; throws `RestoreFailedError` on `error_restoring`. */
export function waitForVbsRestore(vbs: Pick<VbsClient, "showVolume">, volumeId: string, options: WaiterOptions = {}): Promise<VbsVolumeState> {
  const read = (o: CallOptions) => vbs.showVolume({ volumeId }, o);
  return waitWith({ service: "vbs", resource: `disk ${volumeId}`, read, judge: judgeVbs, doubtEarlyFinish: true }, { name: "volumeId", value: volumeId }, options);
}

/** Resolves when the RDS job is `Completed`; throws `RestoreFailedError` with `fail_reason` when it is `Failed`. */
export function waitForRdsJob(rds: Pick<RdsClient, "showJob">, jobId: string, options: WaiterOptions = {}): Promise<RdsJobState> {
  const read = (o: CallOptions) => rds.showJob({ id: jobId }, o);
  // The job is created by the restore itself: its first status is already the truth. The RDS page
  // warns that a new job takes several seconds to become readable, so an early 404 is waited out.
  return waitWith(
    { service: "rds", resource: `job ${jobId}`, read, judge: judgeRds, doubtEarlyFinish: false, notFoundGraceMs: 30_000 },
    { name: "jobId", value: jobId },
    options,
  );
}
