import { restoreBackup, showBackup } from "../../generated/operations/cbr.js";
import type { RestoreTracking } from "../plan/tracking.js";
import { type CbrBackupState, judgeCbr } from "../waiters/targets.js";
import { statusEvidence } from "./restore-evidence.js";

const backupOf = (input: Record<string, unknown>) => String(input.backupId ?? "");

/** CBR: the backup is watched (`restoring`, then `available` or `error`). */
export const cbrRestoreTracking: RestoreTracking = {
  service: "cbr",
  restore: (call, input) => call(restoreBackup, input),
  accepted: (input) => ({ watch: backupOf(input), ids: {} }),
  async read(call, facts) {
    const { body } = await call(showBackup, { backupId: facts.watch });
    return { verdict: judgeCbr(body as CbrBackupState) };
  },
  evidence: (call, input, sentAt) =>
    statusEvidence(call, { op: showBackup, input: { backupId: backupOf(input) }, member: "backup" }, ["restoring"], sentAt, () => ({ watch: backupOf(input), ids: {} })),
  doubtEarlyFinish: true,
  notFoundGraceMs: 0,
};
