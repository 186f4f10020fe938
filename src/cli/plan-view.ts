import type { LeaseEvent, PlanEvent, RunEvent } from "../plan/run/events.js";
import type { ItemState } from "../plan/states.js";

/** What the operator sees while a plan runs. */
export interface PlanView {
  event(e: PlanEvent): void;
  end(): void;
}

const order: readonly ItemState[] = ["blocked", "pending", "sending", "accepted", "waiting", "succeeded", "failed", "in-doubt", "skipped"];

/** A lease that changed hands, in words: `web-1: lease reclaimed from worker-ab12 (it was sending)`. */
export function leaseLine(e: LeaseEvent): string {
  if (e.phase === "reclaimed") return `${e.item}: lease reclaimed${e.from ? ` from ${e.from}` : ""} (it was ${e.state})`;
  return `${e.item}: lease lost (it was ${e.state}); this worker no longer moves it, another may take it over`;
}

/** The operator's pause, resume or cancel, as the run obeyed it; `undefined` for the other phases. */
export function controlLine(e: RunEvent): string | undefined {
  const detail = e.detail ? ` (${e.detail})` : "";
  if (e.phase === "paused") return `plan ${e.plan} paused by the operator${detail}: nothing new is sent; restores already sent are followed to their end`;
  if (e.phase === "resumed") return `plan ${e.plan} resumed by the operator${detail}: sending again`;
  if (e.phase === "cancelled") return `plan ${e.plan} cancelled by the operator${detail}: nothing new is sent; restores already sent are followed to their end`;
  return undefined;
}

/** NDJSON: every event as one JSON line on stdout. */
export function jsonView(out: NodeJS.WritableStream): PlanView {
  return { event: (e) => out.write(`${JSON.stringify(e)}\n`), end() {} };
}

/** Plain lines (logs, CI): each item that settles, each lease that changes hands, the operator's controls, and the counts every ten seconds. */
export function lineView(out: NodeJS.WritableStream): PlanView {
  let last = 0;
  return {
    event(e) {
      if (e.type === "item" && (e.to === "succeeded" || e.to === "failed" || e.to === "in-doubt" || e.to === "skipped")) {
        out.write(`${e.at.toISOString()} ${e.item} ${e.to}${e.reason ? `: ${e.reason}` : ""}\n`);
      } else if (e.type === "lease") {
        out.write(`${e.at.toISOString()} ${leaseLine(e)}\n`);
      } else if (e.type === "run" && controlLine(e)) {
        out.write(`${e.at.toISOString()} ${controlLine(e)}\n`);
      } else if (e.type === "progress" && e.at.getTime() - last >= 10_000) {
        last = e.at.getTime();
        out.write(`${e.at.toISOString()} ${order.filter((s) => e.counts[s]).map((s) => `${s} ${e.counts[s]}`).join(", ")}; ${e.requests} requests, ${e.throttled} throttled\n`);
      }
    },
    end() {},
  };
}

/**
 * A live view on a terminal, redrawn in place: counts by state, throughput and an estimate of
 * the time left, the operator's pause or cancel, the services' request rates, leases changed, and
 * the latest failures.
 */
export function liveView(out: NodeJS.WriteStream, total: number): PlanView {
  const started = Date.now();
  const failures: string[] = [];
  let drawn = 0;
  let counts: Partial<Record<ItemState, number>> = {};
  let footer = "";
  let control = "";
  const leases = { reclaimed: 0, lost: 0 };
  const draw = () => {
    const done = (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0) + (counts["in-doubt"] ?? 0);
    const minutes = (Date.now() - started) / 60_000;
    const perMinute = minutes > 0 ? done / minutes : 0;
    const eta = perMinute > 0 && done < total ? `, about ${Math.ceil((total - done) / perMinute)} min left` : "";
    const lines = [
      `restorekit plan: ${done}/${total} settled, ${perMinute.toFixed(1)} per minute${eta}${control}`,
      `  ${order.map((s) => `${s} ${counts[s] ?? 0}`).join("  ")}`,
      `${footer}${leases.reclaimed || leases.lost ? `; leases reclaimed ${leases.reclaimed}, lost ${leases.lost}` : ""}`,
      ...failures.slice(-5).map((f) => `  ✗ ${f}`),
    ];
    out.write(`${drawn ? `\u001b[${drawn}A` : ""}${lines.map((l) => `\u001b[2K${l.slice(0, (out.columns ?? 120) - 1)}`).join("\n")}\n`);
    drawn = lines.length;
  };
  return {
    event(e) {
      if (e.type === "progress") {
        counts = e.counts;
        footer = `  requests ${e.requests}, throttled ${e.throttled}; rates ${Object.entries(e.rates).map(([k, r]) => `${k.split("/")[2]} ${r}/s`).join(", ")}`;
        draw();
      } else if (e.type === "run" && (e.phase === "paused" || e.phase === "resumed" || e.phase === "cancelled")) {
        control = e.phase === "paused" ? "; PAUSED by the operator: nothing new is sent" : e.phase === "cancelled" ? "; CANCELLED by the operator: nothing new is sent" : "";
        draw();
      } else if (e.type === "lease") {
        leases[e.phase]++;
        draw();
      } else if (e.type === "item" && (e.to === "failed" || e.to === "in-doubt")) {
        failures.push(`${e.item} ${e.to}: ${e.reason ?? ""}`);
        draw();
      }
    },
    end: draw,
  };
}
