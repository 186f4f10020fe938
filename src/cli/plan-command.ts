import { writeFile } from "node:fs/promises";
import type { Auth } from "../auth/types.js";
import type { Journal } from "../plan/journal/journal.js";
import type { LoadedPlan } from "../plan/load-plan.js";
import type { Command, CommandFamily, FlagGroup, Flags, Io } from "./command.js";
import { helpFlag } from "./command.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { credentialsDefault, listFlag, stringFlag } from "./flags.js";
import { jsonView, lineView, liveView } from "./plan-view.js";
import { chooseAuth } from "./restore-command.js";

const file = { name: "file", help: "the plan, YAML or JSON" } as const;
const journalFlag = { name: "journal", value: "DIR", help: "the embedded journal's directory", default: "FILE's name + .journal, beside FILE" };
const jsonFlag = { name: "json", help: "JSON on stdout (apply: one event per line, NDJSON)", default: "plain text" };

const where: FlagGroup = {
  title: "Where and as whom",
  flags: [
    journalFlag,
    { name: "endpoint", value: "URL", help: "one base URL for every service (the emulator's URL)", default: "each service's endpoint for the plan's cloud and region" },
    { name: "token", value: "TOKEN", help: "an IAM token (other users can see it in ps: prefer --token-file)", default: credentialsDefault },
    { name: "token-file", value: "PATH", help: "read the IAM token from a file, or from standard input with -", default: "as --token" },
  ],
};

const needs = "The journal needs the package @electric-sql/pglite (npm install @electric-sql/pglite); without it, the command says so in one line and exits 2.";

/** The plan file, checked; project and region default to the environment's. */
async function load(flags: Flags, io: Io, hints: Auth["hints"] = {}): Promise<LoadedPlan> {
  const { loadPlan } = await import("../plan/load-plan.js");
  const env = io.env;
  const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID ?? env.OS_PROJECT_ID ?? hints?.projectId;
  const region = env.HUAWEICLOUD_SDK_REGION ?? env.OS_REGION_NAME ?? hints?.region;
  return loadPlan(stringFlag(flags, "file") as string, { ...(projectId ? { projectId } : {}), ...(region ? { region } : {}) });
}

/** Opens the plan's journal, runs `work`, closes it. */
async function withJournal<T>(flags: Flags, loaded: LoadedPlan, work: (journal: Journal) => Promise<T>): Promise<T> {
  const { openPgliteJournal } = await import("../plan/journal/pglite.js");
  const journal = await openPgliteJournal(stringFlag(flags, "journal") ?? loaded.journalDirectory);
  try {
    return await work(journal);
  } finally {
    await journal.close();
  }
}

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

const apply: Command = {
  name: "apply",
  summary: "run a plan; run it again to resume",
  synopsis: "FILE [--journal DIR] [--endpoint URL] [--json] [--resend-in-doubt ID ...] [--accept-additions]",
  description: `Sends every restore of the plan once, in plan order after what each comes after, under each service's adaptive rate limit, and follows each to its end; every step is recorded in the journal, so that a crash or Ctrl-C never sends a restore twice: run the same command again to resume. ${needs}`,
  operand: file,
  groups: [
    where,
    {
      title: "Run",
      flags: [
        { name: "resend-in-doubt", value: "ID", multiple: true, help: "send an item in doubt again, once you have checked that its restore did not start", default: "items in doubt are never resent" },
        { name: "accept-additions", help: "add items that are new in the plan to a run already started (nothing else may differ)", default: "a changed plan is refused" },
        { name: "worker", value: "NAME", help: "this process's name in the journal", default: "a random one" },
      ],
    },
    { title: "Output", flags: [{ ...jsonFlag, help: "one JSON event per line on stdout (NDJSON)" }, helpFlag] },
  ],
  example: "restorekit plan apply drill.plan.yaml",
  async run(flags, io) {
    const auth = (await chooseAuth(flags, io.env, false)) as Auth;
    const loaded = await load(flags, io, auth.hints);
    const { runPlan } = await import("../plan/run/run-plan.js");
    const view = flags.json === true ? jsonView(io.stdout) : io.stdout.isTTY ? liveView(io.stdout, loaded.plan.items.length) : lineView(io.stdout);
    const endpoint = stringFlag(flags, "endpoint");
    const summary = await withJournal(flags, loaded, (journal) =>
      runPlan({
        plan: loaded.plan,
        document: loaded.document,
        journal,
        auth,
        ...(endpoint ? { endpoints: endpoint } : {}),
        ...(stringFlag(flags, "worker") ? { worker: stringFlag(flags, "worker") as string } : {}),
        signal: io.signal,
        resendInDoubt: listFlag(flags, "resend-in-doubt"),
        acceptAdditions: flags["accept-additions"] === true,
        onEvent: (e) => view.event(e),
      }),
    );
    view.end();
    const c = summary.counts;
    const say = (line: string) => (flags.json === true ? io.stderr : io.stdout).write(`${line}\n`);
    if (summary.interrupted) {
      const running = c.sending + c.accepted + c.waiting;
      say(`interrupted: nothing new is sent. ${running} restore${running === 1 ? "" : "s"} already sent go on in the cloud; the journal holds every step.`);
      const again = ["restorekit plan apply", stringFlag(flags, "file"), ...(stringFlag(flags, "journal") ? ["--journal", stringFlag(flags, "journal")] : []), ...(endpoint ? ["--endpoint", endpoint] : [])];
      say(`resume with: ${again.join(" ")}`);
      return exitCodes.interrupted;
    }
    say(`plan ${summary.plan}: ${Object.entries(c).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}; ${summary.requests} requests, ${summary.throttled} throttled`);
    if (c["in-doubt"]) {
      say(`${c["in-doubt"]} item(s) in doubt: check each (restorekit plan status ${stringFlag(flags, "file")}), then resend the ones that did not start with --resend-in-doubt ID`);
      return exitCodes.unconfirmed;
    }
    return c.failed || c.skipped ? exitCodes.restoreFailed : exitCodes.ok;
  },
};

const status: Command = {
  name: "status",
  summary: "what the journal says about each item",
  synopsis: "FILE [--journal DIR] [--json]",
  description: `Reads the journal, while the plan runs or after; sends nothing. ${needs}`,
  operand: file,
  groups: [{ title: "Where", flags: [journalFlag] }, { title: "Output", flags: [jsonFlag, helpFlag] }],
  example: "restorekit plan status drill.plan.yaml",
  async run(flags, io) {
    const loaded = await load(flags, io);
    const { planReport } = await import("../plan/report/report-data.js");
    const r = await withJournal(flags, loaded, (journal) => planReport(journal, loaded.plan.name));
    if (flags.json === true) {
      const items = r.items.map((i) => ({ id: i.id, state: i.state, attempts: i.attempts, reason: i.reason }));
      io.stdout.write(`${JSON.stringify({ plan: r.plan, startedAt: r.startedAt, counts: r.counts, items }, null, 2)}\n`);
      return exitCodes.ok;
    }
    io.stdout.write(`plan ${r.plan}, started ${r.startedAt}: ${Object.entries(r.counts).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}\n`);
    for (const i of r.items) if (i.state !== "succeeded") io.stdout.write(`  ${i.id} ${i.state}${i.reason ? `: ${i.reason}` : ""}\n`);
    return exitCodes.ok;
  },
};

const report: Command = {
  name: "report",
  summary: "the run as JSON, JUnit XML or one HTML page",
  synopsis: "FILE --format json|junit|html [--output PATH] [--journal DIR]",
  description: `JSON for programs; JUnit so that a CI system shows a DR drill as tests; HTML: one self-contained page with a timeline of every item, each recovery time against the plan's rtoMinutes, and each failure with the service's reason. ${needs}`,
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
    const { planReport } = await import("../plan/report/report-data.js");
    const r = await withJournal(flags, loaded, (journal) => planReport(journal, loaded.plan.name));
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

/** `restorekit plan check|apply|status|report FILE`: restore plans of many resources. */
export const planFamily: CommandFamily = { name: "plan", summary: "run a restore plan of many resources, with a journal", commands: [check, apply, status, report] };
