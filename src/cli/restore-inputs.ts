import type { Flags } from "./command.js";
import { UsageError } from "./exit-codes.js";
import { listFlag, requiredFlag, stringFlag } from "./flags.js";
import { type RestorePoint, parseRestoreTime } from "./time.js";

/** `--map BACKUP:VOLUME`, repeatable, into disk mappings; at least one, since a server restored from no disk backup restores nothing. */
function mappings(flags: Flags, owner: string): { backup_id: string; volume_id: string }[] {
  const list = listFlag(flags, "map").map((entry) => {
    const [backup, volume, ...rest] = entry.split(":");
    if (!backup || !volume || rest.length) throw new UsageError(`--map takes BACKUP_ID:VOLUME_ID, got ${JSON.stringify(entry)}`);
    return { backup_id: backup, volume_id: volume };
  });
  if (list.length === 0) throw new UsageError(`${owner} needs at least one --map BACKUP_ID:VOLUME_ID`);
  return list;
}

const powerOn = (flags: Flags) => (flags["no-power-on"] === true ? { power_on: false } : {});

export function cbrInput(flags: Flags) {
  const backupId = requiredFlag(flags, "backup-id");
  const server = stringFlag(flags, "server-id");
  const volume = stringFlag(flags, "volume-id");
  if (server && volume) throw new UsageError("give either --server-id (whole server) or --volume-id (one disk), not both");
  if (!server && !volume) throw new UsageError("give --server-id with --map (whole server) or --volume-id (one disk)");
  if (server) return { backupId, restore: { server_id: server, mappings: mappings(flags, "--server-id"), ...powerOn(flags) } };
  return { backupId, restore: { volume_id: volume as string, ...powerOn(flags) } };
}

export function csbsInput(flags: Flags) {
  return {
    restore: {
      checkpoint_id: requiredFlag(flags, "checkpoint-id"),
      parameters: {
        checkpoint_item_id: requiredFlag(flags, "checkpoint-item-id"),
        power_on: flags["no-power-on"] !== true,
        targets: { server_id: requiredFlag(flags, "server-id"), volumes: mappings(flags, "csbs restore") },
      },
    },
  };
}

export function vbsInput(flags: Flags) {
  return { backupId: requiredFlag(flags, "backup-id"), restore: { volume_id: requiredFlag(flags, "volume-id") } };
}

/** The RDS restore, and the instant `--time` names (to show it back), when it is a point-in-time restore. */
export function rdsInput(flags: Flags) {
  const instance = requiredFlag(flags, "instance-id");
  const backup = stringFlag(flags, "backup-id");
  const time = stringFlag(flags, "time");
  if (backup && time) throw new UsageError("give either --backup-id or --time, not both");
  if (!backup && !time) throw new UsageError("give --backup-id (restore a backup) or --time (restore to a point in time)");
  const target = { instance_id: stringFlag(flags, "target-instance-id") ?? instance };
  if (backup) return { input: { source: { instance_id: instance, type: "backup" as const, backup_id: backup }, target }, restorePoint: undefined };
  const restorePoint: RestorePoint = parseRestoreTime(time as string);
  return { input: { source: { instance_id: instance, type: "timestamp" as const, restore_time: restorePoint.epochMs }, target }, restorePoint };
}
