import { ServiceRefusal, codes } from "../service-errors.js";
import type { CbrBackup, CbrOpLog } from "../state.js";
import { type Handler, type HandlerContext, acceptRestore, isoSeconds } from "./context.js";

interface CbrRestore {
  server_id?: string;
  volume_id?: string;
  resource_id?: string;
  mappings?: { backup_id: string; volume_id: string }[];
}

const refuse = (status: number, code: string, message: string) => new ServiceRefusal(status, code, message);
const { invalid, notFound, busy, backupNotAvailable } = codes.cbr;

/** The provider IDs of the CBR pages: a backup of a cloud server, or of a cloud disk. */
export const providers = { server: "0daac4c5-6707-4851-97ba-169e36266b66", disk: "d1603440-187d-4516-af25-121250c7cc97" } as const;

/**
 * A whole-server restoration of a server backup: the target server exists, and `mappings` names
 * at least one disk backup of this backup and, for each, a disk of that server. The schema leaves
 * the number of mappings open; restoring a server from no disk backup restores nothing, and the
 * emulator refuses it. Returns the disks written to.
 */
function serverRestoreTargets(c: HandlerContext, backup: CbrBackup, restore: CbrRestore): string[] {
  if (!restore.server_id) {
    throw refuse(400, invalid, `Backup ${backup.id} is a backup of a whole server: restore it with restore.server_id and restore.mappings; a disk is restored from a disk backup.`);
  }
  const server = c.state.servers.get(restore.server_id);
  if (!server) throw refuse(404, notFound, `The server restore.server_id ${restore.server_id} does not exist.`);
  const mappings = restore.mappings ?? [];
  if (mappings.length === 0) throw refuse(400, invalid, `restore.mappings maps no disk backup of backup ${backup.id}; a whole-server restoration maps at least one.`);
  return mappings.map((m, i) => {
    if (!backup.children.some((child) => child.id === m.backup_id)) {
      throw refuse(400, invalid, `restore.mappings[${i}].backup_id ${m.backup_id} is not a disk backup of backup ${backup.id}.`);
    }
    if (!server.volumeIds.includes(m.volume_id)) {
      throw refuse(400, invalid, `restore.mappings[${i}].volume_id ${m.volume_id} is not a disk of server ${server.id}.`);
    }
    return m.volume_id;
  });
}

/**
 * A restoration of a disk backup: the target (`volume_id`, or `resource_id`) is an existing
 * disk; a server is not a disk. `mappings` and `server_id` are not used, as the pages say of
 * `mappings` for disk restoration. Returns the disk written to.
 */
function diskRestoreTargets(c: HandlerContext, backup: CbrBackup, restore: CbrRestore): string[] {
  const target = restore.volume_id ?? restore.resource_id;
  if (target === undefined) {
    throw refuse(400, invalid, `Backup ${backup.id} is a backup of a disk: restore it with restore.volume_id.`);
  }
  const field = restore.volume_id ? "restore.volume_id" : "restore.resource_id";
  if (c.state.servers.has(target)) throw refuse(400, invalid, `The target ${field} ${target} is a server; backup ${backup.id} is a backup of a disk, restored to a disk.`);
  if (!c.state.volumes.has(target)) throw refuse(404, notFound, `The target ${field} ${target} does not exist.`);
  return [target];
}

/**
 * `POST /v3/{project_id}/backups/{backup_id}/restore`: checks the pages' semantics, then restores
 * over the configured duration. The backup decides the kind of restoration: a server backup is
 * restored to a server, a disk backup to a disk.
 */
export const restoreBackup: Handler = (c) => {
  const backupId = c.params.backup_id as string;
  const backup = c.state.cbrBackups.get(backupId);
  if (!backup) throw refuse(404, notFound, `The backup ${backupId} does not exist.`);
  if (backup.status === "restoring") throw refuse(400, busy, `The resource is being restored: backup ${backupId} is restoring.`);
  if (backup.status !== "available") throw refuse(400, backupNotAvailable, `Restoration is not allowed in the current backup status: backup ${backupId} is ${backup.status}.`);
  const restore = (c.body as { restore: CbrRestore }).restore;
  const wholeServer = backup.resourceType === "OS::Nova::Server";
  const volumes = wholeServer ? serverRestoreTargets(c, backup, restore) : diskRestoreTargets(c, backup, restore);
  const serverId = wholeServer ? (restore.server_id as string) : undefined;
  if (serverId !== undefined && c.state.busyServers.has(serverId)) throw refuse(400, busy, `The resource is being restored: server ${serverId} is being restored.`);
  for (const id of volumes) {
    const volume = c.state.volumes.get(id);
    if (volume?.status === "restoring-backup") throw refuse(400, busy, `The resource is being restored: disk ${id} is being restored.`);
  }
  const before = new Map(volumes.map((id) => [id, c.state.volumes.get(id)?.status ?? "available"]));
  c.state.setStatus(backup, "restoring", c.now());
  for (const id of volumes) c.state.setStatus(c.state.volumes.get(id) as { status: string }, "restoring-backup", c.now());
  if (serverId !== undefined) c.state.serverBusy(serverId, 1);
  const targetId = serverId ?? (restore.volume_id ?? restore.resource_id ?? "");
  const record = acceptRestore(c, "cbr", backupId, (fails) => {
    c.state.setStatus(backup, fails ? "error" : "available", c.now());
    for (const id of volumes) {
      const volume = c.state.volumes.get(id);
      if (volume) c.state.setStatus(volume, fails ? "error_restoring" : (before.get(id) ?? "available"), c.now());
    }
    if (serverId !== undefined) c.state.serverBusy(serverId, -1);
    log.status = fails ? "failed" : "success";
    log.endedAt = c.now();
    if (fails) log.failReason = c.failure?.reason ?? "restore failed";
  });
  const log: CbrOpLog = {
    id: c.newId(),
    projectId: c.projectId,
    providerId: wholeServer ? providers.server : providers.disk,
    requestId: c.requestId,
    backup: { id: backup.id, name: backup.name },
    resource: { id: backup.resourceId, name: resourceName(c, backup.resourceId), type: backup.resourceType },
    target: { id: targetId, name: resourceName(c, targetId) },
    startedAt: record.at,
    finishesAt: record.finishesAt,
    status: "running",
  };
  c.state.cbrOpLogs.push(log);
  return { status: 202 };
};

/** A server's or disk's name, or "" for an ID the model does not hold. */
export const resourceName = (c: HandlerContext, id: string) => c.state.servers.get(id)?.name ?? c.state.volumes.get(id)?.name ?? "";

/** `GET /v3/{project_id}/backups/{backup_id}`. */
export const showBackup: Handler = (c) => {
  const backup = c.state.cbrBackups.get(c.params.backup_id as string);
  if (!backup) throw refuse(404, notFound, `The backup ${c.params.backup_id} does not exist.`);
  return {
    status: 200,
    body: {
      backup: { id: backup.id, name: backup.name, status: backup.status, resource_id: backup.resourceId, resource_type: backup.resourceType, updated_at: isoSeconds(c.state.updatedAt(backup)) },
    },
  };
};
