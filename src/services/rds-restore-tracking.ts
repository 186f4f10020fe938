import { restoreToExistingInstance, showJob } from "../../generated/operations/rds.js";
import { normalizeRdsRestore } from "../client/rds-normalize.js";
import type { AcceptedFacts } from "../plan/journal/journal.js";
import type { RestoreTracking } from "../plan/tracking.js";
import { type RdsJobState, judgeRds } from "../waiters/targets.js";

/** RDS: the job the restore started is watched (`Running`, then `Completed` or `Failed`), with its `process`. */
export const rdsRestoreTracking: RestoreTracking = {
  service: "rds",
  // `source.type` defaults to `backup`, and is sent explicitly, as the SDK's method does.
  restore: (call, input) => call(restoreToExistingInstance, normalizeRdsRestore(input)),
  accepted: (input, answer): AcceptedFacts => {
    const job = (answer as { job_id?: unknown } | undefined)?.job_id;
    const target = String((input.target as { instance_id?: unknown } | undefined)?.instance_id ?? "");
    return typeof job === "string" && job ? { watch: job, ids: { job_id: job } } : { watch: "", ids: { instance_id: target } };
  },
  async read(call, facts) {
    const { body } = await call(showJob, { id: facts.watch });
    const process = Number.parseFloat(String((body as RdsJobState | undefined)?.job?.process ?? ""));
    return { verdict: judgeRds(body as RdsJobState), progress: Number.isFinite(process) ? process / 100 : undefined };
  },
  // Without a record of the instance's tasks, RDS gives no evidence here; the read operations
  // that give it (the instance's status, its task list) are added with the plan's specs.
  evidence: async () => ({ verdict: "unknown", evidence: { read: "none", note: "no RDS record of restore tasks was read" } }),
  doubtEarlyFinish: false,
  notFoundGraceMs: 30_000,
};
