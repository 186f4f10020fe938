import { listVolumes, restoreBackup, showBackup, showVolume } from "../../generated/operations/vbs.js";
import { type PreflightProblem, type RestoreTracking, type StatusRead, changedAfter, readForPreflight } from "../plan/tracking.js";
import { expectStatus, member } from "./preflight-reads.js";
import { judgeVbs, type VbsVolumeState } from "../waiters/targets.js";
import { readResource, resourceState, statesEvidence } from "./restore-evidence.js";

const volumeOf = (input: Record<string, unknown>) => String((input.restore as { volume_id?: unknown } | undefined)?.volume_id ?? "");
/** EVS lists at most 60 disks by ID in one read. */
const idsPerRead = 60;

/** VBS: the restored disk is watched (EVS `restoring-backup`, then `available` or `error_restoring`); many disks are read in one EVS list. */
export const vbsRestoreTracking: RestoreTracking = {
  service: "vbs",
  restore: (call, input) => call(restoreBackup, input),
  accepted: (input) => ({ watch: volumeOf(input), ids: {} }),
  async read(call, f) {
    const state = await readResource(call, showVolume, { volumeId: f.facts.watch }, "volume");
    return { verdict: state.status === undefined ? undefined : judgeVbs({ volume: { id: f.facts.watch, status: state.status } } as VbsVolumeState), certain: changedAfter(state.changedAt, f.sentAt) };
  },
  async readMany(call, followed) {
    const reads = new Map<string, StatusRead>();
    for (let i = 0; i < followed.length; i += idsPerRead) {
      const chunk = followed.slice(i, i + idsPerRead);
      const ids = `[${chunk.map((f) => `'${f.facts.watch}'`).join(",")}]`;
      const { body, received } = await call(listVolumes, { ids, limit: idsPerRead });
      const byId = new Map(((body as { volumes?: Record<string, unknown>[] } | null)?.volumes ?? []).map((v) => [String(v.id), v]));
      for (const f of chunk) {
        const state = resourceState(byId.get(f.facts.watch), received, "evs.listVolumes");
        if (state.status === undefined) continue;
        reads.set(f.facts.watch, { verdict: judgeVbs({ volume: { id: f.facts.watch, status: state.status } } as VbsVolumeState), certain: changedAfter(state.changedAt, f.sentAt) });
      }
    }
    return reads;
  },
  async evidence(call, input, sentAt) {
    const backupId = String(input.backupId ?? "");
    const disk = await readResource(call, showVolume, { volumeId: volumeOf(input) }, "volume");
    const backup = await readResource(call, showBackup, { backupId }, "backup");
    return statesEvidence([{ ...disk, restoring: ["restoring-backup"] }, { ...backup, restoring: ["restoring"] }], sentAt, { watch: volumeOf(input), ids: {} });
  },
  async preflight(call, input) {
    const backup = await readForPreflight(call, showBackup, { backupId: String(input.backupId ?? "") }, "backupId", "backup");
    const disk = await readForPreflight(call, showVolume, { volumeId: volumeOf(input) }, "restore.volume_id", "disk");
    if (backup.problem || disk.problem) return [backup.problem, disk.problem].filter((p): p is PreflightProblem => p !== undefined);
    const b = member(backup.body, "backup");
    const d = member(disk.body, "volume");
    const problems = [...expectStatus("backupId", "backup", b.status, ["available"]), ...expectStatus("restore.volume_id", "disk", d.status, ["available"])];
    if (typeof b.size === "number" && typeof d.size === "number" && d.size < b.size) {
      problems.push(["restore.volume_id", "size", `restore.volume_id: the disk has ${d.size} GB, less than the backup's ${b.size} GB`]);
    }
    return problems;
  },
  notFoundGraceMs: 0,
};
