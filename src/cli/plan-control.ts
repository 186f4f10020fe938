import { hostname } from "node:os";
import type { ControlChange, PlanControl } from "../plan/journal/coordination.js";
import type { Journal } from "../plan/journal/journal.js";
import { PlanError } from "../plan/plan-error.js";
import type { Command } from "./command.js";
import { helpFlag } from "./command.js";
import { exitCodes } from "./exit-codes.js";
import { file, journalFlag, jsonFlag, load, needs } from "./plan-shared.js";
import { journalPlace, placeText, withJournal } from "./plan-journal.js";

/** What the operator's `plan pause|resume|cancel` did, in one line. */
export function controlChangeLine(plan: string, change: ControlChange): string {
  const sent = "restores already sent are followed to their end";
  if (change.after === "pause") {
    return `plan ${plan} ${change.before === "pause" ? "was already paused" : "paused"}: workers send nothing new from their next heartbeat; ${sent}`;
  }
  if (change.after === "run") {
    return change.before === "run" ? `plan ${plan} was not paused: its workers go on sending` : `plan ${plan} resumed: workers send again from their next heartbeat`;
  }
  const n = change.skipped.length;
  const skipped = `${n} item${n === 1 ? "" : "s"} not yet sent ${n === 1 ? "was" : "were"} skipped`;
  if (change.before === "cancel") return `plan ${plan} was already cancelled${n ? `; ${skipped} now` : ""}; ${sent}`;
  return `plan ${plan} cancelled: ${skipped}; ${sent}; a cancelled run cannot be resumed`;
}

const verbs: Readonly<Record<PlanControl, string>> = { run: "resumed", pause: "paused", cancel: "cancelled" };

/**
 * Sets the run's control in the journal, naming this process. Refused, changing nothing, when the
 * journal has no run of the plan, or the run was cancelled and this is not a cancel: exit 2.
 */
async function change(journal: Journal, plan: string, where: string, control: PlanControl): Promise<ControlChange> {
  const { readControl, setControl } = await import("../plan/journal/coordination.js");
  const refusal = (before: PlanControl | undefined) =>
    before === undefined
      ? new PlanError(`the journal ${where} has no run of the plan ${plan}; nothing changed`)
      : before === "cancel" && control !== "cancel"
        ? new PlanError(`the run of the plan ${plan} was cancelled; a cancelled run cannot be ${verbs[control]}; nothing changed`)
        : undefined;
  const early = refusal(await readControl(journal.db, plan));
  if (early) throw early;
  try {
    return await setControl(journal.db, plan, control, `cli@${hostname()}:${process.pid}`);
  } catch (error) {
    // Cancelled (or removed) between the read and the change: the same refusal.
    throw refusal(await readControl(journal.db, plan).catch(() => "run" as const)) ?? error;
  }
}

const summaries: Readonly<Record<PlanControl, string>> = {
  pause: "hold a run: its workers send nothing new, and follow what they sent",
  run: "resume a paused run",
  cancel: "stop a run for good: every item not yet sent is skipped",
};

const descriptions: Readonly<Record<PlanControl, string>> = {
  pause: "Workers read the control at each heartbeat (a third of their --lease): from then on they send no restore, and follow the restores already sent to their end. `plan resume` lets them send again.",
  run: "Workers send again from their next heartbeat. A cancelled run cannot be resumed.",
  cancel:
    "Skips at once, in the journal, every item not yet sent (pending, or waiting for others), with the reason \"cancelled by the operator\": a worker that was about to send one finds it skipped and sends nothing. Restores already sent are followed to their end. A cancelled run cannot be resumed.",
};

function controlCommand(name: "pause" | "resume" | "cancel", control: PlanControl): Command {
  return {
    name,
    summary: summaries[control],
    synopsis: "FILE [--journal DIR|URL] [--json]",
    description: `${descriptions[control]} The change is an event of the run, naming who made it (cli@HOST:PID). An embedded journal (a directory) can be changed only while no plan apply runs on it. ${needs}`,
    operand: file,
    groups: [{ title: "Where", flags: [journalFlag] }, { title: "Output", flags: [{ ...jsonFlag, help: "what changed as JSON: before, after, and the items skipped" }, helpFlag] }],
    example: `restorekit plan ${name} drill.plan.yaml --journal postgres://restorekit@db.example.internal/drills`,
    async run(flags, io) {
      const loaded = await load(flags, io);
      const plan = loaded.plan.name;
      const place = await journalPlace(flags, io.env, loaded.journalDirectory);
      const done = await withJournal(place, plan, "control", (journal) => change(journal, plan, placeText(place), control));
      io.stdout.write(flags.json === true ? `${JSON.stringify(done, null, 2)}\n` : `${controlChangeLine(plan, done)}\n`);
      return exitCodes.ok;
    },
  };
}

export const pause = controlCommand("pause", "pause");
export const resume = controlCommand("resume", "run");
export const cancel = controlCommand("cancel", "cancel");
