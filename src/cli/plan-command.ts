import { writeFile } from "node:fs/promises";
import type { Auth } from "../auth/types.js";
import type { Command, CommandFamily } from "./command.js";
import { helpFlag } from "./command.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { stringFlag } from "./flags.js";
import { apply } from "./plan-apply.js";
import { cancel, pause, resume } from "./plan-control.js";
import { journalPlace, withJournal } from "./plan-journal.js";
import { file, journalFlag, jsonFlag, load, needs, where } from "./plan-shared.js";
import { status } from "./plan-status.js";
import { chooseAuth } from "./restore-command.js";

const check: Command = {
  name: "check",
  summary: "check a plan offline (and with --preflight, read each backup and target); no restore is sent",
  synopsis: "FILE [--preflight] [--json]",
  description:
    "Checks every item with the SDK's own checks (its service's restore input), the `after` graph (unknown items, cycles), unique IDs and times, and lists every problem: item, field and rule. With --preflight it also reads, under the services' rate limits, each backup (it exists and can be restored) and each target (it exists; RDS: engine, version, volume size, restorable time).",
  operand: file,
  groups: [
    { title: "Preflight", flags: [{ name: "preflight", help: "read each backup and each target too (needs credentials)", default: "offline checks only" }, ...where.flags.filter((f) => f.name !== "journal")] },
    { title: "Output", flags: [jsonFlag, helpFlag] },
  ],
  example: "restorekit plan check drill.plan.yaml --preflight",
  async run(flags, io) {
    const auth = flags.preflight === true ? ((await chooseAuth(flags, io.env, false)) as Auth) : undefined;
    const { plan } = await load(flags, io, auth?.hints);
    if (auth) {
      const { preflightPlan } = await import("../plan/preflight.js");
      const endpoint = stringFlag(flags, "endpoint");
      const read = await preflightPlan({ plan, auth, ...(endpoint ? { endpoints: endpoint } : {}) });
      if (flags.json === true) io.stdout.write(`${JSON.stringify({ plan: plan.name, items: plan.items.length, digest: plan.digest, preflight: { requests: read.requests } }, null, 2)}\n`);
      else io.stdout.write(`plan ${plan.name}: ${plan.items.length} items, every check passed, and every backup and target read as ready (${read.requests} reads); no restore was sent\n`);
      return exitCodes.ok;
    }
    if (flags.json === true) io.stdout.write(`${JSON.stringify({ plan: plan.name, items: plan.items.length, digest: plan.digest }, null, 2)}\n`);
    else io.stdout.write(`plan ${plan.name}: ${plan.items.length} items, every check passed; nothing was sent\n`);
    return exitCodes.ok;
  },
};

const report: Command = {
  name: "report",
  summary: "the run as JSON, JUnit XML or one HTML page",
  synopsis: "FILE --format json|junit|html [--output PATH] [--journal DIR|URL]",
  description: `JSON for programs; JUnit so that a CI system shows a DR drill as tests; HTML: one self-contained page with a timeline of every item, each recovery time against the plan's rtoMinutes, each failure with the service's reason, which worker did what, each lease taken over and the operator's pauses, resumes and cancels. ${needs}`,
  operand: file,
  groups: [
    {
      title: "Report",
      flags: [
        { name: "format", value: "json|junit|html", help: "the report's format", required: true },
        { name: "output", value: "PATH", help: "write it to a file", default: "stdout" },
        journalFlag,
        helpFlag,
      ],
    },
  ],
  example: "restorekit plan report drill.plan.yaml --format html --output drill.html",
  async run(flags, io) {
    const format = stringFlag(flags, "format");
    if (format !== "json" && format !== "junit" && format !== "html") throw new UsageError("--format must be json, junit or html");
    const loaded = await load(flags, io);
    const place = await journalPlace(flags, io.env, loaded.journalDirectory);
    const { planReport } = await import("../plan/report/report-data.js");
    const r = await withJournal(place, loaded.plan.name, "read", (journal) => planReport(journal, loaded.plan.name));
    const body =
      format === "json" ? `${JSON.stringify(r, null, 2)}\n` : format === "junit" ? (await import("../plan/report/junit.js")).junitReport(r) : (await import("../plan/report/html.js")).htmlReport(r);
    const output = stringFlag(flags, "output");
    if (output) {
      await writeFile(output, body);
      io.stderr.write(`wrote ${output}\n`);
    } else io.stdout.write(body);
    return exitCodes.ok;
  },
};

/** `restorekit plan check|apply|status|report|pause|resume|cancel FILE`: restore plans of many resources. */
export const planFamily: CommandFamily = { name: "plan", summary: "run a restore plan of many resources, with a journal", commands: [check, apply, status, report, pause, resume, cancel] };
