import type { Auth } from "../auth/types.js";
import type { PlanControl } from "../plan/journal/coordination.js";
import type { Command, Io } from "./command.js";
import { helpFlag } from "./command.js";
import { parseDuration } from "./duration.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { durationSyntax, listFlag, stringFlag } from "./flags.js";
import { programWords, shellQuote } from "./next-step.js";
import { type JournalPlace, journalPlace, journalWords, withJournal } from "./plan-journal.js";
import { file, jsonFlag, load, needs, where } from "./plan-shared.js";
import { jsonView, lineView, liveView } from "./plan-view.js";
import { chooseAuth } from "./restore-command.js";

/** A worker's lease on an item unless `--lease` says otherwise. */
const defaultLeaseMs = 10_000;
/** The shortest lease a worker may take: it renews every third of it. */
const minLeaseMs = 1000;

/** `--lease`, in milliseconds: at least a second. */
function leaseMs(raw: string | undefined): number {
  if (raw === undefined) return defaultLeaseMs;
  const ms = parseDuration("lease", raw);
  if (ms < minLeaseMs) throw new UsageError(`--lease must be at least 1s (workers renew every third of it), got ${JSON.stringify(raw)}`);
  return ms;
}

/**
 * A `restorekit plan …` command line for the operator to run next, on the same journal, as shell
 * text; and a note when the line cannot carry the journal as it is (a URL's password is never printed).
 */
export function planCommandLine(env: Io["env"], command: string, planFile: string, place: JournalPlace, rest: readonly string[] = []): { readonly line: string; readonly note?: string } {
  const journal = journalWords(place);
  const line = [...programWords(env).map(shellQuote), "plan", command, shellQuote(planFile), ...journal.words, ...rest.map(shellQuote)].join(" ");
  return journal.note === undefined ? { line } : { line, note: journal.note };
}

/** What the operator is told when a run starts held: paused (and how to resume it), or cancelled. */
function heldNotice(env: Io["env"], plan: string, planFile: string, place: JournalPlace, control: PlanControl | undefined): string | undefined {
  if (control === "cancel") return `plan ${plan} was cancelled: nothing new is sent; restores already sent are followed to their end`;
  if (control !== "pause") return undefined;
  const { line, note } = planCommandLine(env, "resume", planFile, place);
  return place.kind === "directory"
    ? `plan ${plan} is paused: nothing new is sent until it is resumed; restores already sent are followed to their end. Its journal is embedded, so stop this run (Ctrl-C) to resume it: ${line}`
    : `plan ${plan} is paused: nothing new is sent until it is resumed (${line}${note ? `; ${note}` : ""}); restores already sent are followed to their end`;
}

export const apply: Command = {
  name: "apply",
  summary: "run a plan; run it again to resume",
  synopsis: "FILE [--journal DIR|URL] [--endpoint URL] [--json] [--resend-in-doubt ID ...] [--accept-additions] [--worker NAME] [--lease DURATION]",
  description: `Sends every restore of the plan once, in plan order after what each comes after, under each service's adaptive rate limit, and follows each to its end; every step is recorded in the journal, so that a crash or Ctrl-C never sends a restore twice: run the same command again to resume. On a PostgreSQL journal, many workers (processes, machines) can run one plan at once: each holds the items it works on by a lease that it renews, and an item whose worker stopped is taken over by another once its lease runs out. ${needs}\n\n${durationSyntax}`,
  operand: file,
  groups: [
    where,
    {
      title: "Run",
      flags: [
        { name: "resend-in-doubt", value: "ID", multiple: true, help: "send an item in doubt again, once you have checked that its restore did not start", default: "items in doubt are never resent" },
        { name: "accept-additions", help: "add items that are new in the plan to a run already started (nothing else may differ)", default: "a changed plan is refused" },
        { name: "worker", value: "NAME", help: "this process's name in the journal", default: "a random one" },
        {
          name: "lease",
          value: "DURATION",
          help: "how long this worker holds an item without renewing its hold (it renews every third of it); a worker that stops loses its items after it, and another takes them over; at least 1s",
          default: "10s",
        },
      ],
    },
    { title: "Output", flags: [{ ...jsonFlag, help: "one JSON event per line on stdout (NDJSON)" }, helpFlag] },
  ],
  example: "restorekit plan apply drill.plan.yaml",
  async run(flags, io) {
    const lease = leaseMs(stringFlag(flags, "lease"));
    const auth = (await chooseAuth(flags, io.env, false)) as Auth;
    const loaded = await load(flags, io, auth.hints);
    const place = await journalPlace(flags, io.env, loaded.journalDirectory);
    const { runPlan } = await import("../plan/run/run-plan.js");
    const view = flags.json === true ? jsonView(io.stdout) : io.stdout.isTTY ? liveView(io.stdout, loaded.plan.items.length) : lineView(io.stdout);
    const endpoint = stringFlag(flags, "endpoint");
    const worker = stringFlag(flags, "worker");
    const planFile = stringFlag(flags, "file") as string;
    const say = (line: string) => (flags.json === true ? io.stderr : io.stdout).write(`${line}\n`);
    const summary = await withJournal(place, loaded.plan.name, "apply", async (journal) => {
      const { readControl } = await import("../plan/journal/coordination.js");
      const notice = heldNotice(io.env, loaded.plan.name, planFile, place, await readControl(journal.db, loaded.plan.name));
      if (notice) say(notice);
      return runPlan({
        plan: loaded.plan,
        document: loaded.document,
        journal,
        auth,
        ...(endpoint ? { endpoints: endpoint } : {}),
        ...(worker ? { worker } : {}),
        signal: io.signal,
        resendInDoubt: listFlag(flags, "resend-in-doubt"),
        acceptAdditions: flags["accept-additions"] === true,
        leaseMs: lease,
        onEvent: (e) => view.event(e),
      });
    });
    view.end();
    const c = summary.counts;
    if (summary.interrupted) {
      const running = c.sending + c.accepted + c.waiting;
      say(`interrupted: nothing new is sent. ${running} restore${running === 1 ? "" : "s"} already sent go on in the cloud; the journal holds every step.`);
      const given = (name: string) => (stringFlag(flags, name) === undefined ? [] : [`--${name}`, stringFlag(flags, name) as string]);
      const again = planCommandLine(io.env, "apply", planFile, place, [...given("endpoint"), ...given("worker"), ...given("lease")]);
      say(`resume with: ${again.line}`);
      if (again.note) say(`  (${again.note})`);
      return exitCodes.interrupted;
    }
    say(`plan ${summary.plan}: ${Object.entries(c).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}; ${summary.requests} requests, ${summary.throttled} throttled`);
    if (c["in-doubt"]) {
      const check = planCommandLine(io.env, "status", planFile, place);
      say(`${c["in-doubt"]} item(s) in doubt: check each (${check.line}), then resend the ones that did not start with --resend-in-doubt ID`);
      if (check.note) say(`  (${check.note})`);
      return exitCodes.unconfirmed;
    }
    return c.failed || c.skipped ? exitCodes.restoreFailed : exitCodes.ok;
  },
};
