import { ServiceRefusal, codes } from "../service-errors.js";
import { type Handler, acceptRestore, evsTime } from "./context.js";

const { notFound, busy } = codes.vbs;

/** `POST /v2/{project_id}/backups/{backup_id}/restore`: the disk goes `restoring-backup`, then `available` or `error_restoring`. */
export const restoreBackup: Handler = (c) => {
  const backupId = c.params.backup_id as string;
  const backup = c.state.vbsBackups.get(backupId);
  if (!backup) throw new ServiceRefusal(404, notFound, `Backup ${backupId} could not be found.`);
  const volumeId = (c.body as { restore: { volume_id: string } }).restore.volume_id;
  const volume = c.state.volumes.get(volumeId);
  if (!volume) throw new ServiceRefusal(404, notFound, `Volume restore.volume_id ${volumeId} could not be found.`);
  if (backup.status !== "available") {
    throw new ServiceRefusal(409, busy, `Invalid backup: backup ${backupId} status must be available, but current status is ${backup.status}.`);
  }
  if (volume.status !== "available") {
    throw new ServiceRefusal(409, busy, `Invalid volume: volume ${volumeId} status must be available, but current status is ${volume.status}.`);
  }
  c.state.setStatus(volume, "restoring-backup", c.now());
  c.state.setStatus(backup, "restoring", c.now());
  acceptRestore(c, "vbs", volumeId, (fails) => {
    c.state.setStatus(volume, fails ? "error_restoring" : "available", c.now());
    c.state.setStatus(backup, "available", c.now());
  });
  return { status: 202, body: { restore: { backup_id: backupId, volume_id: volumeId, volume_name: volume.name } } };
};

/** `GET /v2/{project_id}/volumes/{volume_id}` (EVS). */
export const showVolume: Handler = (c) => {
  const volume = c.state.volumes.get(c.params.volume_id as string);
  if (!volume) throw new ServiceRefusal(404, notFound, `Volume ${c.params.volume_id} could not be found.`);
  return { status: 200, body: { volume: { id: volume.id, name: volume.name, status: volume.status, size: volume.sizeGb, updated_at: evsTime(c.state.updatedAt(volume)) } } };
};
