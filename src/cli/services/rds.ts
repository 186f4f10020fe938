import { type RdsJobState, judgeRds } from "../../waiters/targets.js";
import { rdsInput } from "../restore-inputs.js";
import type { ServiceCli } from "../service-cli.js";

const instance = "d8e6ca5a624745bcb546a227aa3ae1cfin01";

/** RDS: an instance from a backup or to a point in time; the answer names a job, which status and wait follow. */
export const rdsCli: ServiceCli<ReturnType<typeof rdsInput>["input"]> = {
  service: "rds",
  summary: "restore an RDS instance from a backup or to a point in time",
  restore: {
    synopsis: "--instance-id SRC (--backup-id B | --time 2026-11-20T10:00:00Z) [--target-instance-id T]",
    description:
      "--time takes an RFC 3339 date-time with an offset (2018-07-19T11:57:26.987Z, 2018-07-19T13:57:26+02:00), or epoch time with its unit (1532001446987ms, 1532001446s). A bare number, a date that does not exist, hour 24, a leap second (:60) and more than millisecond precision are refused. The instant chosen is printed back, as ISO and as epoch milliseconds, before anything is sent.",
    flags: [
      { name: "instance-id", value: "ID", help: "the source instance", required: true },
      { name: "backup-id", value: "ID", help: "restore this backup of the source" },
      { name: "time", value: "TIME", help: "restore the source as it was at this instant" },
      { name: "target-instance-id", value: "ID", help: "the instance to restore to", default: "the source instance" },
    ],
    example: `restorekit rds restore --cloud otc --region eu-de --instance-id ${instance} \\
    --time 2018-07-19T11:57:26.987Z --wait`,
    operation: "restoreToExistingInstance",
    uses: ["rds"],
    fields: {
      "source.instance_id": "--instance-id",
      "source.backup_id": "--backup-id",
      "source.restore_time": "--time",
      "target.instance_id": "--target-instance-id",
    },
    prepare(flags) {
      const { input, restorePoint } = rdsInput(flags);
      if (!restorePoint) return { input };
      return {
        input,
        notes: {
          lines: [`restore point: ${restorePoint.iso} (${restorePoint.epochMs} ms since the epoch)`],
          json: { restorePoint },
        },
      };
    },
    send: (rk, input, options) => rk.rds.restoreToExistingInstance(input, options),
    targetId: (_input, accepted) => {
      const id = (accepted as { job_id?: unknown } | undefined)?.job_id;
      return typeof id === "string" && id !== "" ? id : undefined;
    },
  },
  target: {
    flag: { name: "job-id", value: "ID", help: "the job the restore started (its answer's job_id)", required: true },
    fields: { jobId: "--job-id", id: "--job-id" },
    noun: "job",
    uses: ["rds"],
    meaning: "the job is Running, then Completed; Failed (with its fail_reason) when the restore failed",
    example: "restorekit rds wait --cloud otc --region eu-de --job-id ff80808157127d9301571bf8160c001d",
  },
  read: (rk, id, options) => rk.rds.showJob({ id }, options),
  wait: (rk, id, options) => rk.rds.waitForJob(id, options),
  judge: (state) => judgeRds(state as RdsJobState),
};
