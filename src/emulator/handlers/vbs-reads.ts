import { ServiceRefusal, codes } from "../service-errors.js";
import type { VbsBackup } from "../state.js";
import { type Handler, type HandlerContext, evsTime } from "./context.js";
import { paginate, textParam } from "./paging.js";

const { invalid, notFound } = codes.vbs;

function backupOf(c: HandlerContext, b: VbsBackup): Record<string, unknown> {
  return {
    id: b.id,
    name: null,
    description: null,
    status: b.status,
    updated_at: evsTime(c.state.updatedAt(b)),
    volume_id: b.volumeId,
    size: c.state.volumes.get(b.volumeId)?.sizeGb ?? 0,
    fail_reason: null,
    "os-bak-tenant-attr:tenant_id": c.projectId,
    links: [{ href: `/v2/${c.projectId}/backups/${b.id}`, rel: "self" }],
  };
}

/** `GET /v2/{project_id}/backups/{backup_id}`: `restoring` while a VBS restore from it runs. */
export const showBackup: Handler = (c) => {
  const backup = c.state.vbsBackups.get(c.params.backup_id as string);
  if (!backup) throw new ServiceRefusal(404, notFound, `Backup ${c.params.backup_id} could not be found.`);
  return { status: 200, body: { backup: backupOf(c, backup) } };
};

/**
 * `GET /v2/{project_id}/backups/detail`: the VBS backups of the model, filtered by `status`,
 * `volume_id` and `name` (the model's backups have no name, so a name matches none), paged
 * by `limit` and `offset`, with a `next` link while more follow. Sorting is accepted without
 * effect.
 */
export const listBackupsDetail: Handler = (c) => {
  const status = textParam(c, "status");
  const volumeId = textParam(c, "volume_id");
  const name = textParam(c, "name");
  const list = [...c.state.vbsBackups.values()].filter((b) => (status === undefined || b.status === status) && (volumeId === undefined || b.volumeId === volumeId) && name === undefined);
  const page = paginate(c, list, { defaultLimit: 1000, invalid });
  const next = `/v2/${c.projectId}/backups/detail?limit=${page.limit}&offset=${page.offset + page.items.length}`;
  return { status: 200, body: { backups: page.items.map((b) => backupOf(c, b)), ...(page.more ? { backups_links: [{ href: next, rel: "next" }] } : {}) } };
};
