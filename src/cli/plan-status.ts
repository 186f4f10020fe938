import type { PlanReport } from "../plan/report/report-data.js";
import { settledStates } from "../plan/states.js";
import type { Command } from "./command.js";
import { helpFlag } from "./command.js";
import { exitCodes } from "./exit-codes.js";
import { journalPlace, withJournal } from "./plan-journal.js";
import { file, journalFlag, jsonFlag, load, needs } from "./plan-shared.js";

/** The operator's last control of the run, in one line; nothing while the run was never paused or cancelled. */
export function controlStatus(r: Pick<PlanReport, "control" | "controls">): string | undefined {
  const last = r.controls.at(-1);
  const when = last ? ` at ${last.at}${last.by ? ` by ${last.by}` : ""}` : "";
  if (r.control === "pause") return `paused${when}: workers send nothing new; restores already sent are followed to their end`;
  if (r.control === "cancel") return `cancelled${when}: nothing more is sent; restores already sent are followed to their end`;
  return last && last.before === "pause" ? `running: resumed${when}` : undefined;
}

/** What `plan status` prints: the counts, the run's control, and each item not (yet) succeeded with its reason and the worker that holds it. */
export function statusLines(r: PlanReport): string[] {
  const control = controlStatus(r);
  const items = r.items
    .filter((i) => i.state !== "succeeded")
    .map((i) => `  ${i.id} ${i.state}${i.leaseOwner && !settledStates.has(i.state) ? ` (worker ${i.leaseOwner})` : ""}${i.reason ? `: ${i.reason}` : ""}`);
  return [`plan ${r.plan}, started ${r.startedAt}: ${Object.entries(r.counts).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}`, ...(control ? [`  ${control}`] : []), ...items];
}

export const status: Command = {
  name: "status",
  summary: "what the journal says about each item",
  synopsis: "FILE [--journal DIR|URL] [--json]",
  description: `Reads the journal, while the plan runs or after; sends nothing. Shows the counts by state, whether the operator paused or cancelled the run, and each item not succeeded, with its reason and, while it is under way, the worker that holds it. ${needs}`,
  operand: file,
  groups: [{ title: "Where", flags: [journalFlag] }, { title: "Output", flags: [jsonFlag, helpFlag] }],
  example: "restorekit plan status drill.plan.yaml",
  async run(flags, io) {
    const loaded = await load(flags, io);
    const place = await journalPlace(flags, io.env, loaded.journalDirectory);
    const { planReport } = await import("../plan/report/report-data.js");
    const r = await withJournal(place, loaded.plan.name, "read", (journal) => planReport(journal, loaded.plan.name));
    if (flags.json === true) {
      const items = r.items.map((i) => ({ id: i.id, state: i.state, attempts: i.attempts, reason: i.reason, leaseOwner: i.leaseOwner }));
      io.stdout.write(`${JSON.stringify({ plan: r.plan, startedAt: r.startedAt, counts: r.counts, items, control: r.control }, null, 2)}\n`);
      return exitCodes.ok;
    }
    for (const line of statusLines(r)) io.stdout.write(`${line}\n`);
    return exitCodes.ok;
  },
};
