import { ServiceRefusal, codes } from "../service-errors.js";
import type { RdsInstance, RdsJob } from "../state.js";
import { type Handler, type HandlerContext, isoSeconds } from "./context.js";
import { paginate, textParam, timeParam, utcOffset } from "./paging.js";

const { invalid, notFound } = codes.rds;
const ports: Readonly<Record<string, number>> = { MySQL: 3306, PostgreSQL: 5432, SQLServer: 1433 };

/** `*abc` matches names containing `abc`; anything else matches exactly (the page's rule). */
const matches = (pattern: string | undefined, value: string) => pattern === undefined || (pattern.startsWith("*") ? value.includes(pattern.slice(1)) : value === pattern);

function instanceOf(c: HandlerContext, i: RdsInstance): Record<string, unknown> {
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    updated: isoSeconds(c.state.updatedAt(i)),
    type: "Single",
    port: ports[i.engine] ?? 3306,
    datastore: { type: i.engine, version: i.version },
    volume: { type: "ULTRAHIGH", size: i.volumeGb },
    private_ips: [],
    public_ips: [],
  };
}

function requireInstance(c: HandlerContext, id: string): RdsInstance {
  const instance = c.state.rdsInstances.get(id);
  if (!instance) throw new ServiceRefusal(404, notFound, `The DB instance ${id} does not exist.`);
  return instance;
}

/**
 * `GET /v3/{project_id}/instances`: the instances of the model, `RESTORING` while a restore to
 * them runs, filtered by `id` and `name` (`*` prefix: contained), `type` (every instance here
 * is `Single`) and `datastore_type`, paged by `limit` (at most 100) and `offset`. VPC and
 * subnet filters are accepted without effect.
 */
export const listInstances: Handler = (c) => {
  const id = textParam(c, "id");
  const name = textParam(c, "name");
  const type = textParam(c, "type");
  const engine = textParam(c, "datastore_type");
  const list = [...c.state.rdsInstances.values()].filter((i) => matches(id, i.id) && matches(name, i.name) && (type === undefined || type === "Single") && (engine === undefined || i.engine === engine));
  const page = paginate(c, list, { defaultLimit: 100, maxLimit: 100, invalid });
  return { status: 200, body: { instances: page.items.map((i) => instanceOf(c, i)), total_count: page.total } };
};

/**
 * `GET /v3/{project_id}/backups?instance_id=`: one backup per ID in the instance's
 * `backupIds`, `COMPLETED`, an hour apart from the start of its restorable window, filtered by
 * `backup_id`, `backup_type` (all are `auto`) and `begin_time`/`end_time` (given together, the
 * end after the start, as the page requires), paged by `limit` (at most 100) and `offset`.
 */
export const listBackups: Handler = (c) => {
  const instance = requireInstance(c, c.query.get("instance_id") ?? "");
  const begin = timeParam(c, "begin_time", invalid);
  const end = timeParam(c, "end_time", invalid);
  if ((begin === undefined) !== (end === undefined)) throw new ServiceRefusal(400, invalid, "begin_time and end_time are given together or not at all.");
  if (begin !== undefined && end !== undefined && end <= begin) throw new ServiceRefusal(400, invalid, "end_time must be later than begin_time.");
  const backupId = textParam(c, "backup_id");
  const type = textParam(c, "backup_type");
  const all = instance.backupIds.map((id, n) => {
    const started = instance.restorableWindow.earliest + n * 3_600_000;
    return { id, started, body: { id, name: `${instance.name}-backup-${n + 1}`, type: "auto", size: instance.volumeGb * 10_240, status: "COMPLETED", begin_time: utcOffset(started), end_time: utcOffset(started + 120_000), datastore: { type: instance.engine, version: instance.version }, instance_id: instance.id } };
  });
  const list = all.filter((b) => (backupId === undefined || b.id === backupId) && (type === undefined || type === "auto") && (begin === undefined || (b.started >= begin && b.started <= (end as number))));
  const page = paginate(c, list, { defaultLimit: 100, maxLimit: 100, invalid });
  return { status: 200, body: { backups: page.items.map((b) => b.body), total_count: page.total } };
};

/** `GET /v3/{project_id}/instances/{instance_id}/restore-time`: the instance's restorable window, or its part within `date` (UTC). */
export const showRestoreTime: Handler = (c) => {
  const { earliest, latest } = requireInstance(c, c.params.instance_id as string).restorableWindow;
  const date = textParam(c, "date");
  if (date === undefined) return { status: 200, body: { restore_time: [{ start_time: earliest, end_time: latest }] } };
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(day)) throw new ServiceRefusal(400, invalid, `The query parameter date ${JSON.stringify(date)} is not a date in yyyy-mm-dd format.`);
  const start = Math.max(earliest, day);
  const stop = Math.min(latest, day + 86_400_000 - 1);
  return { status: 200, body: { restore_time: start <= stop ? [{ start_time: start, end_time: stop }] : [] } };
};

function taskOf(c: HandlerContext, job: RdsJob): Record<string, unknown> {
  const span = Math.max(1, job.finishesAt - job.startedAt);
  const running = job.status === "Running";
  return {
    id: job.id,
    name: job.name,
    instance_id: job.instanceId,
    instance_name: job.instanceName,
    instance_status: c.state.rdsInstances.get(job.instanceId)?.status ?? "",
    order_id: "",
    process: running ? String(Math.min(99, Math.max(0, Math.floor(((c.now() - job.startedAt) / span) * 100)))) : "",
    create_time: utcOffset(job.startedAt),
    end_time: utcOffset(job.finishesAt),
    status: job.status,
    ...(job.failReason ? { fail_reason: job.failReason } : {}),
  };
}

/** A millisecond timestamp parameter (the task list's), or a 400 naming it. */
function millisParam(c: HandlerContext, name: string): number | undefined {
  const text = textParam(c, name);
  if (text !== undefined && !/^\d+$/.test(text)) throw new ServiceRefusal(400, invalid, `The query parameter ${name} ${JSON.stringify(text)} is not a UNIX timestamp in milliseconds.`);
  return text === undefined ? undefined : Number(text);
}

/**
 * `GET /v3/{project_id}/tasklist`: the restore jobs of the model, newest first, filtered by
 * `id`, `instance_id`, `name`, `status`, `order_id` (no job here has an order) and
 * `start_time`/`end_time` (a job created within them), paged by `limit` (at most 50, 10 by
 * default) and `offset`.
 */
export const listTasks: Handler = (c) => {
  const from = millisParam(c, "start_time");
  const to = millisParam(c, "end_time");
  const want = (name: string) => textParam(c, name);
  const [id, instanceId, name, status, orderId] = ["id", "instance_id", "name", "status", "order_id"].map(want);
  const list = [...c.state.rdsJobs.values()]
    .filter((j) => (id === undefined || j.id === id) && (instanceId === undefined || j.instanceId === instanceId) && (name === undefined || j.name === name))
    .filter((j) => (status === undefined || j.status === status) && orderId === undefined && (from === undefined || j.startedAt >= from) && (to === undefined || j.startedAt <= to))
    .reverse();
  const page = paginate(c, list, { defaultLimit: 10, maxLimit: 50, invalid });
  return { status: 200, body: { tasks: page.items.map((j) => taskOf(c, j)), actions: [...new Set(list.map((j) => j.name))], total_count: page.total } };
};
