import { UsageError } from "./exit-codes.js";
import { parseRestoreTime } from "./time.js";

export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

const str = (flags: Flags, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
};
const need = (flags: Flags, name: string): string => {
  const v = str(flags, name);
  if (v === undefined || v === "") throw new UsageError(`--${name} is required`);
  return v;
};

/** `--map BACKUP:VOLUME`, repeatable, into disk mappings. */
function mappings(flags: Flags): { backup_id: string; volume_id: string }[] {
  const raw = flags.map;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  return list.map((entry) => {
    const [backup, volume, ...rest] = entry.split(":");
    if (!backup || !volume || rest.length) throw new UsageError(`--map takes BACKUP_ID:VOLUME_ID, got ${JSON.stringify(entry)}`);
    return { backup_id: backup, volume_id: volume };
  });
}

const powerOn = (flags: Flags) => (flags["no-power-on"] === true ? { power_on: false } : {});

export function cbrInput(flags: Flags) {
  const backupId = need(flags, "backup-id");
  const server = str(flags, "server-id");
  const volume = str(flags, "volume-id");
  if (server && volume) throw new UsageError("give either --server-id (whole server) or --volume-id (one disk), not both");
  if (!server && !volume) throw new UsageError("give --server-id with --map (whole server) or --volume-id (one disk)");
  if (server) {
    // The spec sets no minimum, but a whole-server restore from no disk backup restores nothing.
    const map = mappings(flags);
    if (map.length === 0) throw new UsageError("--server-id needs at least one --map BACKUP_ID:VOLUME_ID");
    return { backupId, restore: { server_id: server, mappings: map, ...powerOn(flags) } };
  }
  return { backupId, restore: { volume_id: volume as string, ...powerOn(flags) } };
}

export function csbsInput(flags: Flags) {
  return {
    restore: {
      checkpoint_id: need(flags, "checkpoint-id"),
      parameters: {
        checkpoint_item_id: need(flags, "checkpoint-item-id"),
        power_on: flags["no-power-on"] !== true,
        targets: { server_id: need(flags, "server-id"), volumes: mappings(flags) },
      },
    },
  };
}

export function vbsInput(flags: Flags) {
  return { backupId: need(flags, "backup-id"), restore: { volume_id: need(flags, "volume-id") } };
}

export function rdsInput(flags: Flags) {
  const instance = need(flags, "instance-id");
  const backup = str(flags, "backup-id");
  const time = str(flags, "time");
  if (backup && time) throw new UsageError("give either --backup-id or --time, not both");
  if (!backup && !time) throw new UsageError("give --backup-id (restore a backup) or --time (restore to a point in time)");
  const source = backup
    ? { instance_id: instance, type: "backup" as const, backup_id: backup }
    : { instance_id: instance, type: "timestamp" as const, restore_time: parseRestoreTime(time as string) };
  return { source, target: { instance_id: str(flags, "target-instance-id") ?? instance } };
}
