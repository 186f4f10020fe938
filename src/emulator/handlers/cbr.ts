import { ServiceRefusal, codes } from "../service-errors.js";
import { type Handler, acceptRestore } from "./context.js";

interface CbrRestore {
  server_id?: string;
  volume_id?: string;
  resource_id?: string;
  mappings?: { backup_id: string; volume_id: string }[];
}

const refuse = (status: number, code: string, message: string) => new ServiceRefusal(status, code, message);
const { invalid, notFound, busy } = codes.cbr;

/** `POST /v3/{project_id}/backups/{backup_id}/restore`: checks the pages' semantics, then restores over the configured duration. */
export const restoreBackup: Handler = (c) => {
  const backupId = c.params.backup_id as string;
  const backup = c.state.cbrBackups.get(backupId);
  if (!backup) throw refuse(404, notFound, `The backup ${backupId} does not exist.`);
  if (backup.status !== "available") throw refuse(409, busy, `The backup ${backupId} is ${backup.status}; only an available backup can be restored.`);
  const restore = (c.body as { restore: CbrRestore }).restore;
  const volumes: string[] = [];
  if (restore.server_id) {
    const server = c.state.servers.get(restore.server_id);
    if (!server) throw refuse(404, notFound, `The server restore.server_id ${restore.server_id} does not exist.`);
    restore.mappings?.forEach((m, i) => {
      if (!backup.children.some((child) => child.id === m.backup_id)) {
        throw refuse(400, invalid, `restore.mappings[${i}].backup_id ${m.backup_id} is not a disk backup of backup ${backupId}.`);
      }
      if (!server.volumeIds.includes(m.volume_id)) {
        throw refuse(400, invalid, `restore.mappings[${i}].volume_id ${m.volume_id} is not a disk of server ${server.id}.`);
      }
      volumes.push(m.volume_id);
    });
  } else {
    const target = restore.volume_id ?? restore.resource_id ?? "";
    const exists = c.state.volumes.has(target) || c.state.servers.has(target);
    const field = restore.volume_id ? "restore.volume_id" : "restore.resource_id";
    if (!exists) throw refuse(404, notFound, `The target ${field} ${target} does not exist.`);
    if (c.state.volumes.has(target)) volumes.push(target);
  }
  for (const id of volumes) {
    const volume = c.state.volumes.get(id);
    if (volume?.status === "restoring-backup") throw refuse(409, busy, `The disk ${id} is already being restored.`);
  }
  const before = new Map(volumes.map((id) => [id, c.state.volumes.get(id)?.status ?? "available"]));
  backup.status = "restoring";
  for (const id of volumes) (c.state.volumes.get(id) as { status: string }).status = "restoring-backup";
  acceptRestore(c, "cbr", backupId, (fails) => {
    backup.status = fails ? "error" : "available";
    for (const id of volumes) {
      const volume = c.state.volumes.get(id);
      if (volume) volume.status = fails ? "error_restoring" : (before.get(id) ?? "available");
    }
  });
  return { status: 202 };
};

/** `GET /v3/{project_id}/backups/{backup_id}`. */
export const showBackup: Handler = (c) => {
  const backup = c.state.cbrBackups.get(c.params.backup_id as string);
  if (!backup) throw refuse(404, notFound, `The backup ${c.params.backup_id} does not exist.`);
  return {
    status: 200,
    body: {
      backup: { id: backup.id, name: backup.name, status: backup.status, resource_id: backup.resourceId, resource_type: backup.resourceType },
    },
  };
};
