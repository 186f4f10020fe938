import { codes } from "../service-errors.js";
import type { CbrBackup, CbrOpLog } from "../state.js";
import { providers } from "./cbr.js";
import { type Handler, type HandlerContext, isoSeconds } from "./context.js";
import { paginate, textParam, timeParam, utcSeconds } from "./paging.js";

const { invalid } = codes.cbr;
const pageOptions = { defaultLimit: 1000, maxLimit: 1000, invalid };

/** A disk's size in GB, or 0 for an ID the model does not hold. */
const sizeOf = (c: HandlerContext, id: string) => c.state.volumes.get(id)?.sizeGb ?? 0;

function backupResp(c: HandlerContext, b: CbrBackup): Record<string, unknown> {
  const server = b.resourceType === "OS::Nova::Server" ? c.state.servers.get(b.resourceId) : undefined;
  const diskIds = server ? b.children.map((child) => child.volumeId) : [b.resourceId];
  return {
    id: b.id,
    name: b.name,
    status: b.status,
    updated_at: isoSeconds(c.state.updatedAt(b)),
    project_id: c.projectId,
    provider_id: server || b.resourceType === "OS::Nova::Server" ? providers.server : providers.disk,
    image_type: "backup",
    resource_id: b.resourceId,
    resource_name: server?.name ?? c.state.volumes.get(b.resourceId)?.name ?? "",
    resource_type: b.resourceType,
    resource_size: diskIds.reduce((sum, id) => sum + sizeOf(c, id), 0),
    extend_info: { auto_trigger: false, supported_restore_mode: "backup", support_lld: false },
    children: b.children.map((child, i) => ({
      id: child.id,
      name: `${b.name}-${i + 1}`,
      status: b.status,
      parent_id: b.id,
      project_id: c.projectId,
      provider_id: providers.disk,
      image_type: "backup",
      resource_id: child.volumeId,
      resource_name: c.state.volumes.get(child.volumeId)?.name ?? "",
      resource_type: "OS::Cinder::Volume",
      resource_size: sizeOf(c, child.volumeId),
      extend_info: { auto_trigger: false, bootable: i === 0, system_disk: i === 0 },
    })),
  };
}

/**
 * `GET /v3/{project_id}/backups`: the backups of the model in the order they were loaded,
 * filtered by `status`, `resource_id`, `resource_type`, `name`, `resource_name` and
 * `parent_id` (which lists a server backup's disk backups), paged by `limit`, `offset` and
 * `marker`. The model has no restore points, vaults, availability zones or sharing, so
 * `checkpoint_id` matches nothing and those filters are accepted without effect.
 */
export const listBackups: Handler = (c) => {
  const parent = textParam(c, "parent_id");
  let list: Record<string, unknown>[];
  if (parent !== undefined) {
    const backup = c.state.cbrBackups.get(parent);
    list = backup ? (backupResp(c, backup).children as Record<string, unknown>[]) : [];
  } else {
    list = [...c.state.cbrBackups.values()].map((b) => backupResp(c, b));
  }
  for (const name of ["status", "resource_id", "resource_type", "name", "resource_name"]) {
    const want = textParam(c, name);
    if (want !== undefined) list = list.filter((b) => b[name] === want);
  }
  if (textParam(c, "checkpoint_id") !== undefined) list = [];
  const page = paginate(c, list, { ...pageOptions, idOf: (b) => String(b.id) });
  return { status: 200, body: { backups: page.items, count: page.total, offset: page.offset, limit: page.limit } };
};

function operationLog(c: HandlerContext, log: CbrOpLog): Record<string, unknown> {
  const now = c.now();
  const span = Math.max(1, log.finishesAt - log.startedAt);
  const progress = log.status === "running" ? Math.min(99, Math.max(0, Math.floor(((now - log.startedAt) / span) * 100))) : 100;
  const updated = log.endedAt ?? Math.min(now, log.finishesAt);
  return {
    id: log.id,
    operation_type: "restore",
    status: log.status,
    provider_id: log.providerId,
    project_id: log.projectId,
    created_at: utcSeconds(log.startedAt),
    started_at: utcSeconds(log.startedAt),
    updated_at: utcSeconds(updated),
    ...(log.endedAt !== undefined ? { ended_at: utcSeconds(log.endedAt) } : {}),
    error_info: log.failReason ? { code: "Emulator.RestoreFailed", message: log.failReason } : { code: "", message: "" },
    extra_info: {
      common: { progress, request_id: log.requestId },
      resource: { id: log.resource.id, name: log.resource.name, type: log.resource.type },
      restore: { backup_id: log.backup.id, backup_name: log.backup.name, target_resource_id: log.target.id, target_resource_name: log.target.name },
    },
  };
}

/**
 * `GET /v3/{project_id}/operation-logs`: the restores CBR accepted, newest first, filtered by
 * `operation_type` (only `restore` tasks exist here), `status`, `resource_id` and
 * `resource_name` (the backed-up resource), `provider_id`, and `start_time`/`end_time` (a
 * task started within them), paged by `limit` and `offset`. The model has no vaults or
 * enterprise projects; those filters are accepted without effect.
 */
export const listOpLogs: Handler = (c) => {
  const from = timeParam(c, "start_time", invalid);
  const to = timeParam(c, "end_time", invalid);
  const type = textParam(c, "operation_type");
  const status = textParam(c, "status");
  const resourceId = textParam(c, "resource_id");
  const resourceName = textParam(c, "resource_name");
  const provider = textParam(c, "provider_id");
  const logs = c.state.cbrOpLogs
    .filter((l) => l.projectId === c.projectId)
    .filter((l) => (type === undefined || type === "restore") && (status === undefined || l.status === status))
    .filter((l) => (resourceId === undefined || l.resource.id === resourceId) && (resourceName === undefined || l.resource.name === resourceName))
    .filter((l) => (provider === undefined || l.providerId === provider) && (from === undefined || l.startedAt >= from) && (to === undefined || l.startedAt <= to))
    .reverse();
  const page = paginate(c, logs, pageOptions);
  return { status: 200, body: { operation_logs: page.items.map((l) => operationLog(c, l)), count: page.total, limit: page.limit, offset: page.offset } };
};

