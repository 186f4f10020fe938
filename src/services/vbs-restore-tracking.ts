import { restoreBackup, showVolume } from "../../generated/operations/vbs.js";
import type { RestoreTracking } from "../plan/tracking.js";
import { judgeVbs, type VbsVolumeState } from "../waiters/targets.js";
import { statusEvidence } from "./restore-evidence.js";

const volumeOf = (input: Record<string, unknown>) => String((input.restore as { volume_id?: unknown } | undefined)?.volume_id ?? "");

/** VBS: the restored disk is watched (EVS `restoring-backup`, then `available` or `error_restoring`). */
export const vbsRestoreTracking: RestoreTracking = {
  service: "vbs",
  restore: (call, input) => call(restoreBackup, input),
  accepted: (input) => ({ watch: volumeOf(input), ids: {} }),
  async read(call, facts) {
    const { body } = await call(showVolume, { volumeId: facts.watch });
    return { verdict: judgeVbs(body as VbsVolumeState) };
  },
  evidence: (call, input, sentAt) =>
    statusEvidence(call, { op: showVolume, input: { volumeId: volumeOf(input) }, member: "volume" }, ["restoring-backup"], sentAt, () => ({ watch: volumeOf(input), ids: {} })),
  doubtEarlyFinish: true,
  notFoundGraceMs: 0,
};
