import { ServiceRefusal, codes } from "../service-errors.js";
import type { RdsInstance, RdsJob } from "../state.js";
import { type Handler, acceptRestore, isoSeconds } from "./context.js";

interface RdsRestore {
  source: { instance_id: string; type?: "backup" | "timestamp"; backup_id?: string; restore_time?: number };
  target: { instance_id: string };
}

const { invalid, notFound, busy } = codes.rds;
const refuse = (status: number, code: string, message: string) => new ServiceRefusal(status, code, message);

/** The note of the RDS page (恢复到已有或当前实例): a different target must match engine and version, be at least as large, and not be SQL Server. */
function checkDifferentTarget(source: RdsInstance, target: RdsInstance): void {
  if (/sql\s*server/i.test(source.engine) || /sql\s*server/i.test(target.engine)) {
    throw refuse(400, invalid, "target.instance_id: restoring Microsoft SQL Server data to a different instance is not supported.");
  }
  if (source.engine !== target.engine) {
    throw refuse(400, invalid, `target.instance_id: the target runs ${target.engine}, the source ${source.engine}; the engines must be the same.`);
  }
  if (source.version !== target.version) {
    throw refuse(400, invalid, `target.instance_id: the target runs version ${target.version}, the source ${source.version}; the versions must be the same.`);
  }
  if (target.volumeGb < source.volumeGb) {
    throw refuse(400, invalid, `target.instance_id: the target's data volumes (${target.volumeGb} GB) are smaller than the source's (${source.volumeGb} GB).`);
  }
}

/** `POST /v3/{project_id}/instances/recovery`: starts a job that goes `Running`, then `Completed` or `Failed`. */
export const restoreToExistingInstance: Handler = (c) => {
  const { source, target } = c.body as RdsRestore;
  const from = c.state.rdsInstances.get(source.instance_id);
  if (!from) throw refuse(404, notFound, `The instance source.instance_id ${source.instance_id} does not exist.`);
  const to = c.state.rdsInstances.get(target.instance_id);
  if (!to) throw refuse(404, notFound, `The instance target.instance_id ${target.instance_id} does not exist.`);
  if ((source.type ?? "backup") === "backup") {
    if (!from.backupIds.includes(source.backup_id as string)) {
      throw refuse(404, notFound, `The backup source.backup_id ${source.backup_id} does not exist for instance ${from.id}.`);
    }
  } else {
    const at = source.restore_time as number;
    const { earliest, latest } = from.restorableWindow;
    if (at < earliest || at > latest) {
      throw refuse(400, invalid, `source.restore_time ${at} is outside the restorable window ${earliest}..${latest} of instance ${from.id}.`);
    }
  }
  if (to.id !== from.id) checkDifferentTarget(from, to);
  if (to.status === "RESTORING") {
    throw refuse(409, busy, `Another operation is being performed on the DB instance or the DB instance is faulty: instance ${to.id} is being restored.`);
  }
  c.state.setStatus(to, "RESTORING", c.now());
  const job: RdsJob = {
    id: c.newId(),
    name: "RestoreMysqlInstance",
    instanceId: to.id,
    instanceName: to.name,
    status: "Running",
    created: isoSeconds(c.now()),
    startedAt: c.now(),
    finishesAt: c.now(),
  };
  c.state.rdsJobs.set(job.id, job);
  const record = acceptRestore(c, "rds", to.id, (fails) => {
    c.state.setStatus(to, "ACTIVE", c.now());
    job.ended = isoSeconds(c.now());
    job.status = fails ? "Failed" : "Completed";
    if (fails) job.failReason = c.failure?.reason ?? "restore failed";
  });
  job.finishesAt = record.finishesAt;
  return { status: 200, body: { job_id: job.id } };
};

/** `GET /v3/{project_id}/jobs?id={id}`. */
export const showJob: Handler = (c) => {
  const id = c.query.get("id") ?? "";
  const job = c.state.rdsJobs.get(id);
  if (!job) throw refuse(404, notFound, `The job id ${id} does not exist.`);
  return {
    status: 200,
    body: {
      job: {
        id: job.id,
        name: job.name,
        status: job.status,
        created: job.created,
        ...(job.ended ? { ended: job.ended, process: "" } : { process: "50" }),
        entities: {},
        instance: { id: job.instanceId, name: job.instanceName },
        ...(job.failReason ? { fail_reason: job.failReason } : {}),
      },
    },
  };
};
