import type { ItemState } from "../states.js";
import { html, seconds } from "./html-text.js";
import { controlsSection, leaseText, workersCell, workersSection } from "./html-workers.js";
import type { PlanReport, ReportItem } from "./report-data.js";

const colors: Readonly<Record<ItemState, string>> = {
  blocked: "#9aa5b1",
  pending: "#9aa5b1",
  sending: "#f0b429",
  accepted: "#4098d7",
  waiting: "#4098d7",
  "in-doubt": "#c65d7b",
  succeeded: "#27ab83",
  failed: "#d64545",
  skipped: "#7b8794",
};

/**
 * One row of the timeline: waiting to be sent (grey), sent until accepted (amber), running until
 * the end (state colour); a purple diamond where another worker took the item's lease over.
 */
function timelineRow(item: ReportItem, y: number, start: number, scale: (t: number) => number, end: number): string {
  const t = (iso: string | null) => (iso ? Date.parse(iso) - start : undefined);
  const sent = t(item.firstSentAt);
  const accepted = t(item.acceptedAt);
  const finished = t(item.finishedAt) ?? (item.state === "succeeded" || item.state === "failed" ? undefined : end);
  const bars: string[] = [];
  const bar = (from: number, to: number, color: string, title: string) =>
    bars.push(`<rect x="${scale(from).toFixed(1)}" y="${y}" width="${Math.max(1, scale(to) - scale(from)).toFixed(1)}" height="10" fill="${color}"><title>${html(title)}</title></rect>`);
  if (sent !== undefined) {
    const acc = accepted ?? finished ?? sent;
    bar(sent, acc, colors.sending, `${item.id}: sent at +${seconds(sent)}`);
    if (accepted !== undefined && finished !== undefined) bar(accepted, finished, colors[item.state], `${item.id}: ${item.state} at +${seconds(finished)}`);
  }
  const marks = item.leases.map((l) => {
    const x = scale(Date.parse(l.at) - start);
    return `<path class="lease" d="M${x.toFixed(1)} ${y - 1}l5 6l-5 6l-5 -6z"><title>${html(`${item.id}: ${leaseText(l)} at +${seconds(Date.parse(l.at) - start)}`)}</title></path>`;
  });
  return `<text x="4" y="${y + 9}" class="id">${html(item.id)}</text>${bars.join("")}${marks.join("")}`;
}

/** The whole run on one time axis, with the RTO as a line. */
function timeline(report: PlanReport): string {
  const start = Date.parse(report.startedAt);
  // By first send; items never sent go last.
  const items = [...report.items].sort((a, b) => (a.firstSentAt ?? "~") < (b.firstSentAt ?? "~") ? -1 : (a.firstSentAt ?? "~") > (b.firstSentAt ?? "~") ? 1 : 0);
  const ends = items.flatMap((i) => [i.finishedAt, i.acceptedAt, i.firstSentAt, ...i.leases.map((l) => l.at)]).filter((x): x is string => x !== null).map((x) => Date.parse(x) - start);
  const rtoMs = report.rtoMinutes === null ? 0 : report.rtoMinutes * 60_000;
  const end = Math.max(1000, Date.parse(report.generatedAt) - start > 0 ? Math.max(...ends, 1000) : 1000, rtoMs * 1.05);
  const left = 170;
  const width = 900;
  const scale = (ms: number) => left + (ms / end) * (width - left - 40);
  const height = items.length * 14 + 30;
  const ticks = Array.from({ length: 6 }, (_, n) => (end * n) / 5)
    .map((ms) => `<line x1="${scale(ms)}" x2="${scale(ms)}" y1="0" y2="${height - 20}" class="tick"/><text x="${scale(ms)}" y="${height - 6}" class="axis">+${seconds(ms)}</text>`)
    .join("");
  const rto = rtoMs ? `<line x1="${scale(rtoMs)}" x2="${scale(rtoMs)}" y1="0" y2="${height - 20}" class="rto"/><text x="${scale(rtoMs) - 4}" y="12" class="rto-label" text-anchor="end">RTO ${report.rtoMinutes} min</text>` : "";
  const rows = items.map((item, n) => timelineRow(item, n * 14 + 4, start, scale, end)).join("");
  return `<svg role="img" aria-label="timeline of every item" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${ticks}${rows}${rto}</svg>`;
}

const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2933;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#52606d}.counts{display:flex;gap:8px;flex-wrap:wrap;margin:14px 0}
.count{border-radius:4px;padding:4px 10px;color:#fff;font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{background:#f5f7fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.state{font-weight:600}.bad{color:#d64545}.good{color:#27ab83}
svg text.id{font-size:10px;fill:#323f4b}svg text.axis{font-size:10px;fill:#7b8794;text-anchor:middle}
svg line.tick{stroke:#e4e7eb}svg path.lease{fill:#8e44ad;stroke:#fff;stroke-width:1}.lease-note{color:#8e44ad;font-size:12px}svg line.rto{stroke:#d64545;stroke-dasharray:4 3}svg text.rto-label{font-size:11px;fill:#d64545}
pre{background:#f5f7fa;padding:8px;overflow:auto;font-size:12px;margin:4px 0}
`;

/** The run as one self-contained HTML page: counts, a timeline of every item, recovery times against the RTO, and every failure with the service's reason. */
export function htmlReport(report: PlanReport): string {
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `<span class="count" style="background:${colors[state as ItemState]}">${html(state)}: ${n}</span>`)
    .join("");
  const rows = report.items
    .map((i) => {
      const rto = i.rtoMet === null ? "" : i.rtoMet ? '<span class="good">met</span>' : '<span class="bad">missed</span>';
      return `<tr><td>${html(i.id)}</td><td>${html(i.service)}</td><td class="state" style="color:${colors[i.state]}">${html(i.state)}</td><td class="num">${i.attempts}</td><td class="num">${i.recoveryMs === null ? "" : seconds(i.recoveryMs)}</td><td>${rto}</td><td>${workersCell(i)}</td><td>${html(i.reason ?? "")}</td></tr>`;
    })
    .join("");
  const troubles = report.items.filter((i) => i.state === "failed" || i.state === "in-doubt");
  const trouble = troubles.length
    ? troubles
        .map((i) => `<h3>${html(i.id)} <small style="color:${colors[i.state]}">${html(i.state)}</small></h3><p>${html(i.reason ?? "")}</p>${i.evidence ? `<pre>${html(JSON.stringify(i.evidence, null, 2))}</pre>` : ""}`)
        .join("")
    : "<p>None.</p>";
  const rto = report.rtoMinutes === null ? "no RTO target" : `RTO target ${report.rtoMinutes} min`;
  const control = report.control === "pause" ? " · paused by the operator" : report.control === "cancel" ? " · cancelled by the operator" : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>restorekit plan ${html(report.plan)}</title><style>${css}</style></head>
<body>
<h1>Restore plan ${html(report.plan)}</h1>
<p class="meta">Started ${html(report.startedAt)} · report of ${html(report.generatedAt)} · ${report.items.length} items · ${html(rto)}${control}</p>
<div class="counts">${counts}</div>
<h2>Timeline</h2>
<p class="meta">From the run's start: amber from the send to its acceptance, then the item's final colour until it ended; a purple diamond where another worker took over an item whose lease had run out.</p>
${timeline(report)}
<h2>Failures and items in doubt</h2>
${trouble}
<h2>Every item</h2>
<table><thead><tr><th>item</th><th>service</th><th>state</th><th>attempts</th><th>recovery</th><th>RTO</th><th>workers</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>
${workersSection(report)}
${controlsSection(report)}
</body></html>
`;
}
