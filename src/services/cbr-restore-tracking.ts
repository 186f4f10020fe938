import { listBackups, listOpLogs, restoreBackup, showBackup } from "../../generated/operations/cbr.js";
import type { AcceptedFacts } from "../plan/journal/journal.js";
import { type PreflightProblem, type RestoreTracking, type ServiceCall, type StatusRead, changedAfter, readForPreflight, serviceTimeToLocal, utcSeconds } from "../plan/tracking.js";
import { checkMappedDisks, expectStatus, member } from "./preflight-reads.js";
import { type CbrBackupState, judgeCbr } from "../waiters/targets.js";
import { readResource, statesEvidence } from "./restore-evidence.js";

const backupOf = (input: Record<string, unknown>) => String(input.backupId ?? "");

interface OpLog {
  readonly id?: string;
  readonly status?: string;
  readonly started_at?: string;
  readonly error_info?: { readonly message?: string };
  readonly extra_info?: { readonly restore?: { readonly backup_id?: string }; readonly common?: { readonly progress?: number } };
}

/**
 * Tasks on one page: a task carries its resource's details, so a page of 200 stays far below a
 * response's size limit (1 MiB by default), where one of 1,000 may not.
 */
const pageSize = 200;
const maxPages = 250;
/**
 * How far before the earliest send a follow-up read looks, for a service clock behind this
 * machine's. A restore whose task falls outside is read on its own, so a narrow window costs
 * reads, never a wrong verdict; evidence before a resend looks a minute back.
 */
const followSkewMs = 10_000;

/** A restore task, with its start on this machine's clock. */
type Task = { readonly log: OpLog; readonly startedAt: number | undefined };

/**
 * CBR's record of restore tasks (its task list, `operation_type=restore`) since `since`, every
 * page; each with its start on this machine's clock.
 */
async function restoreTasks(call: ServiceCall, since: number): Promise<Task[]> {
  const out: Task[] = [];
  for (let page = 0; page < maxPages; page++) {
    const { body, received } = await call(listOpLogs, { operationType: "restore", startTime: utcSeconds(since), limit: pageSize, ...(out.length ? { offset: out.length } : {}) });
    const logs = (body as { operation_logs?: OpLog[] } | null)?.operation_logs ?? [];
    for (const log of logs) out.push({ log, startedAt: serviceTimeToLocal(log.started_at, received, Date.now()) });
    if (logs.length < pageSize) break;
  }
  return out;
}

/** The task list's status as a restore's verdict. */
function judgeTask(log: OpLog): StatusRead {
  const status = log.status ?? "";
  const progress = log.extra_info?.common?.progress;
  const outcome = status === "success" ? "succeeded" : status === "failed" || status === "timeout" || status === "skipped" ? "failed" : "pending";
  return {
    verdict: { status, outcome, ...(outcome === "failed" ? { reason: log.error_info?.message ?? `the restore task ended ${status}` } : {}) },
    progress: typeof progress === "number" ? progress / 100 : undefined,
    certain: true,
  };
}

/** The latest of a backup's restore tasks started since the send. */
const latestSince = (tasks: readonly Task[], sentAt: Date) =>
  tasks.filter((t) => changedAfter(t.startedAt, sentAt)).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0))[0];

/** The latest restore task of a backup started since the send. */
const taskOf = (tasks: readonly Task[], backupId: string, sentAt: Date) => latestSince(tasks.filter((t) => t.log.extra_info?.restore?.backup_id === backupId), sentAt);

/** Restore tasks by the backup they restore: one pass over the list, however many restores are followed. */
function byBackup(tasks: readonly Task[]): Map<string, Task[]> {
  const out = new Map<string, Task[]>();
  for (const task of tasks) {
    const backupId = task.log.extra_info?.restore?.backup_id;
    if (backupId === undefined) continue;
    const list = out.get(backupId);
    if (list) list.push(task);
    else out.set(backupId, [task]);
  }
  return out;
}

/**
 * CBR: the restore task in CBR's task list is followed, and is the evidence that a restore
 * started; one list read (in pages) covers every restore of the plan. The backup's own status
 * (`restoring`, then `available` or `error`) is read when the task list has nothing.
 */
export const cbrRestoreTracking: RestoreTracking = {
  service: "cbr",
  restore: (call, input) => call(restoreBackup, input),
  accepted: (input) => ({ watch: backupOf(input), ids: {} }),
  async read(call, f) {
    const state = await readResource(call, showBackup, { backupId: f.facts.watch }, "backup");
    return { verdict: state.status === undefined ? undefined : judgeCbr({ backup: { id: f.facts.watch, status: state.status } } as CbrBackupState), certain: changedAfter(state.changedAt, f.sentAt) };
  },
  async readMany(call, followed) {
    const since = Math.min(...followed.map((f) => f.sentAt.getTime())) - followSkewMs;
    const tasks = byBackup(await restoreTasks(call, since));
    const reads = new Map<string, StatusRead>();
    for (const f of followed) {
      const task = latestSince(tasks.get(f.facts.watch) ?? [], f.sentAt);
      if (task) reads.set(f.facts.watch, judgeTask(task.log));
    }
    return reads;
  },
  async evidence(call, input, sentAt) {
    const backupId = backupOf(input);
    const tasks = await restoreTasks(call, sentAt.getTime() - 60_000);
    const task = taskOf(tasks, backupId, sentAt);
    const facts: AcceptedFacts = { watch: backupId, ids: task?.log.id ? { task_id: task.log.id } : {} };
    const evidence = { read: "cbr.listOpLogs", restoreTasksSince: utcSeconds(sentAt.getTime() - 60_000), task: task?.log ?? null };
    if (task) return { verdict: "started", facts, evidence };
    // No task since the send. Only when the backup itself agrees (not restoring, unchanged since
    // before the send) is that proof; a task list that lags behind must not cause a resend.
    const backup = await readResource(call, showBackup, { backupId }, "backup");
    const both = statesEvidence([{ ...backup, restoring: ["restoring"] }], sentAt, facts);
    return { ...both, evidence: { ...evidence, ...both.evidence } } as typeof both;
  },
  async preflight(call, input) {
    const backupId = backupOf(input);
    const read = await readForPreflight(call, showBackup, { backupId }, "backupId", "backup");
    if (read.problem) return [read.problem];
    const backup = member(read.body, "backup");
    const problems: PreflightProblem[] = [...expectStatus("backupId", "backup", backup.status, ["available"])];
    const restore = (input.restore ?? {}) as { server_id?: string; volume_id?: string; mappings?: { backup_id: string; volume_id: string }[] };
    if (restore.server_id) {
      const mappings = restore.mappings ?? [];
      const { body } = await call(listBackups, { parentId: backupId, limit: 1000 });
      const children = new Set(((body as { backups?: { id?: string }[] } | null)?.backups ?? []).map((c) => c.id));
      mappings.forEach((m, i) => {
        if (!children.has(m.backup_id)) problems.push([`restore.mappings[${i}].backup_id`, "exists", `restore.mappings[${i}].backup_id: ${m.backup_id} is not a disk backup of backup ${backupId}`]);
      });
      problems.push(...(await checkMappedDisks(call, mappings, (i) => `restore.mappings[${i}].volume_id`, restore.server_id)));
    } else if (restore.volume_id) {
      problems.push(...(await checkMappedDisks(call, [{ volume_id: restore.volume_id }], () => "restore.volume_id")));
    }
    return problems;
  },
  notFoundGraceMs: 0,
};
