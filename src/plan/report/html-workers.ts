import type { PlanControl } from "../journal/coordination.js";
import type { PlanReport, ReportItem } from "./report-data.js";
import { html } from "./html-text.js";

const controlWords: Readonly<Record<PlanControl, string>> = { run: "resumed", pause: "paused", cancel: "cancelled" };

/** A control as it happened: `paused`, or `paused (it already was)`. */
export function controlText(c: PlanReport["controls"][number]): string {
  if (c.before !== c.control) return controlWords[c.control];
  return c.control === "run" ? "resume asked (it was not paused)" : `${controlWords[c.control]} (it already was)`;
}

/** A lease taken over, in words: `reclaimed by w2 from w1 (it was sending)`. */
export const leaseText = (l: ReportItem["leases"][number]): string => `lease reclaimed by ${l.to ?? "?"}${l.from ? ` from ${l.from}` : ""}${l.state ? ` (it was ${l.state})` : ""}`;

/** The workers column of an item's row: who moved it, and each lease taken over. */
export function workersCell(item: ReportItem): string {
  const leases = item.leases.map((l) => `<div class="lease-note">${html(leaseText(l))}</div>`).join("");
  return `${html(item.workers.join(", "))}${leases}`;
}

/** Which worker did what: a row per worker, in the order each first moved an item. */
export function workersSection(report: PlanReport): string {
  if (!report.workers.length) return "<h2>Workers</h2>\n<p>None: no item has moved yet.</p>";
  const rows = report.workers.map((w) => `<tr><td>${html(w.name)}</td><td class="num">${w.moves}</td><td class="num">${w.items}</td><td class="num">${w.reclaimed}</td></tr>`).join("");
  const leases = report.leaseChanges === 1 ? "1 lease was taken over" : `${report.leaseChanges} leases were taken over`;
  return `<h2>Workers</h2>
<p class="meta">${report.workers.length} worker${report.workers.length === 1 ? "" : "s"}; ${leases} from a worker whose lease had run out.</p>
<table class="workers"><thead><tr><th>worker</th><th>moves</th><th>items</th><th>leases reclaimed</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The operator's pauses, resumes and cancels; nothing when there were none. */
export function controlsSection(report: PlanReport): string {
  if (!report.controls.length) return "";
  const rows = report.controls.map((c) => `<tr><td>${html(c.at)}</td><td>${html(controlText(c))}</td><td>${html(c.by ?? "")}</td></tr>`).join("");
  return `<h2>Operator's controls</h2>
<table class="controls"><thead><tr><th>at</th><th>run</th><th>by</th></tr></thead><tbody>${rows}</tbody></table>`;
}
