import { listBackups, listInstances, listTasks, restoreToExistingInstance, showJob, showRestoreTime } from "../../generated/operations/rds.js";
import { normalizeRdsRestore } from "../client/rds-normalize.js";
import type { AcceptedFacts } from "../plan/journal/journal.js";
import { type PreflightProblem, type RestoreTracking, type ServiceCall, type StatusRead, changedAfter, serviceTimeToLocal } from "../plan/tracking.js";
import { type RdsJobState, judgeRds } from "../waiters/targets.js";
import { expectStatus } from "./preflight-reads.js";
import { resourceState } from "./restore-evidence.js";

interface Task {
  readonly id?: string;
  readonly instance_id?: string;
  readonly status?: string;
  readonly process?: string;
  readonly fail_reason?: string;
  readonly create_time?: string;
}

const targetOf = (input: Record<string, unknown>) => String((input.target as { instance_id?: unknown } | undefined)?.instance_id ?? "");
/** The task list's pages hold at most 50 tasks. */
const pageSize = 50;

/** RDS's record of tasks since `since` (for one instance, when given), every page; each with its creation on this machine's clock. */
async function tasksSince(call: ServiceCall, since: number, instanceId?: string): Promise<{ task: Task; createdAt: number | undefined }[]> {
  const out: { task: Task; createdAt: number | undefined }[] = [];
  for (let page = 0; page < 100; page++) {
    const { body, received } = await call(listTasks, {
      startTime: String(since),
      limit: pageSize,
      ...(instanceId ? { instanceId } : {}),
      ...(out.length ? { offset: out.length } : {}),
    });
    const tasks = (body as { tasks?: Task[] } | null)?.tasks ?? [];
    for (const task of tasks) out.push({ task, createdAt: serviceTimeToLocal(task.create_time, received, Date.now()) });
    if (tasks.length < pageSize) break;
  }
  return out;
}

function judgeTask(task: Task): StatusRead {
  const process = Number.parseFloat(task.process ?? "");
  return {
    verdict: judgeRds({ job: { id: task.id ?? "", status: task.status, fail_reason: task.fail_reason } } as RdsJobState),
    progress: Number.isFinite(process) ? process / 100 : undefined,
    certain: true,
  };
}

/**
 * RDS: the job the restore started is followed (`Running`, then `Completed` or `Failed`), with
 * its progress. RDS's task list records every task of an instance: one list read covers all the
 * plan's jobs, and a task created on the target since the send is the evidence that a restore
 * started.
 */
export const rdsRestoreTracking: RestoreTracking = {
  service: "rds",
  // `source.type` defaults to `backup`, and is sent explicitly, as the SDK's method does.
  restore: (call, input) => call(restoreToExistingInstance, normalizeRdsRestore(input)),
  accepted: (input, answer): AcceptedFacts => {
    const job = (answer as { job_id?: unknown } | undefined)?.job_id;
    return typeof job === "string" && job ? { watch: job, ids: { job_id: job } } : { watch: "", ids: { instance_id: targetOf(input) } };
  },
  async read(call, f) {
    const { body } = await call(showJob, { id: f.facts.watch });
    const process = Number.parseFloat(String((body as RdsJobState | undefined)?.job?.process ?? ""));
    return { verdict: judgeRds(body as RdsJobState), progress: Number.isFinite(process) ? process / 100 : undefined, certain: true };
  },
  async readMany(call, followed) {
    const since = Math.min(...followed.map((f) => f.sentAt.getTime())) - 60_000;
    const tasks = new Map((await tasksSince(call, since)).map((t) => [t.task.id, t.task]));
    const reads = new Map<string, StatusRead>();
    for (const f of followed) {
      const task = tasks.get(f.facts.watch);
      if (task) reads.set(f.facts.watch, judgeTask(task));
    }
    return reads;
  },
  async evidence(call, input, sentAt) {
    const target = targetOf(input);
    const tasks = await tasksSince(call, sentAt.getTime() - 60_000, target);
    const mine = tasks.filter((t) => t.task.instance_id === target && changedAfter(t.createdAt, sentAt)).sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))[0];
    const evidence = { read: "rds.listTasks", instance: target, task: mine?.task ?? null };
    if (mine?.task.id) return { verdict: "started", facts: { watch: mine.task.id, ids: { job_id: mine.task.id } }, evidence };
    // No task since the send. Only when the instance agrees (not restoring, unchanged since
    // before the send) is that proof: a restoring instance without our task may be a lagging list.
    const { body, received } = await call(listInstances, { id: target });
    const instance = resourceState((body as { instances?: Record<string, unknown>[] } | null)?.instances?.[0], received, "rds.listInstances");
    if (instance.status === "RESTORING") return { verdict: "unknown", evidence: { ...evidence, instance: instance.evidence } };
    const verdict = instance.changedAt !== undefined && !changedAfter(instance.changedAt, sentAt) ? "not-started" : "unknown";
    return { verdict, evidence: { ...evidence, instance: instance.evidence } };
  },
  async preflight(call, input) {
    const source = (input.source ?? {}) as { instance_id?: string; type?: string; backup_id?: string; restore_time?: number };
    const targetId = targetOf(input);
    const problems: PreflightProblem[] = [];
    const instance = async (id: string) => {
      const { body } = await call(listInstances, { id });
      return ((body as { instances?: Record<string, unknown>[] } | null)?.instances ?? []).find((i) => i.id === id);
    };
    const from = await instance(String(source.instance_id ?? ""));
    const to = targetId === source.instance_id ? from : await instance(targetId);
    if (!from) problems.push(["source.instance_id", "exists", `source.instance_id: the DB instance ${source.instance_id} does not exist`]);
    if (!to) problems.push(["target.instance_id", "exists", `target.instance_id: the DB instance ${targetId} does not exist`]);
    if (from && (source.type ?? "backup") === "backup") {
      const { body } = await call(listBackups, { instanceId: String(source.instance_id), backupId: String(source.backup_id ?? "") });
      const backup = ((body as { backups?: Record<string, unknown>[] } | null)?.backups ?? []).find((b) => b.id === source.backup_id);
      if (!backup) problems.push(["source.backup_id", "exists", `source.backup_id: the backup ${source.backup_id} of instance ${source.instance_id} does not exist`]);
      else problems.push(...expectStatus("source.backup_id", "backup", backup.status, ["COMPLETED"]));
    } else if (from) {
      const { body } = await call(showRestoreTime, { instanceId: String(source.instance_id) });
      const ranges = (body as { restore_time?: { start_time?: number; end_time?: number }[] } | null)?.restore_time ?? [];
      const at = Number(source.restore_time);
      if (!ranges.some((r) => at >= Number(r.start_time) && at <= Number(r.end_time))) {
        const windows = ranges.map((r) => `${new Date(Number(r.start_time)).toISOString()}..${new Date(Number(r.end_time)).toISOString()}`).join(", ") || "none";
        problems.push(["source.restore_time", "window", `source.restore_time: ${new Date(at).toISOString()} is outside the instance's restorable time (${windows})`]);
      }
    }
    if (from && to && from !== to) {
      // Restoring to another instance: the page's rules for the target.
      const store = (i: Record<string, unknown>) => (i.datastore ?? {}) as { type?: string; version?: string };
      const size = (i: Record<string, unknown>) => Number((i.volume as { size?: unknown } | undefined)?.size);
      if (store(from).type !== store(to).type) problems.push(["target.instance_id", "engine", `target.instance_id: the engine is ${store(to).type}, not the source's ${store(from).type}`]);
      else if (/sqlserver/i.test(String(store(from).type))) problems.push(["target.instance_id", "engine", "target.instance_id: a SQL Server backup cannot be restored to another instance"]);
      if (store(from).version !== store(to).version) problems.push(["target.instance_id", "version", `target.instance_id: the version is ${store(to).version}, not the source's ${store(from).version}`]);
      if (size(to) < size(from)) problems.push(["target.instance_id", "volume", `target.instance_id: its volume (${size(to)} GB) is smaller than the source's (${size(from)} GB)`]);
    }
    return problems;
  },
  notFoundGraceMs: 30_000,
};
