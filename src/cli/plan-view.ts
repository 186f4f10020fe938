import type { PlanEvent } from "../plan/run/events.js";
import type { ItemState } from "../plan/states.js";

/** What the operator sees while a plan runs. */
export interface PlanView {
  event(e: PlanEvent): void;
  end(): void;
}

const order: readonly ItemState[] = ["blocked", "pending", "sending", "accepted", "waiting", "succeeded", "failed", "in-doubt", "skipped"];

/** NDJSON: every event as one JSON line on stdout. */
export function jsonView(out: NodeJS.WritableStream): PlanView {
  return { event: (e) => out.write(`${JSON.stringify(e)}\n`), end() {} };
}

/** Plain lines (logs, CI): each item that settles, and the counts every ten seconds. */
export function lineView(out: NodeJS.WritableStream): PlanView {
  let last = 0;
  return {
    event(e) {
      if (e.type === "item" && (e.to === "succeeded" || e.to === "failed" || e.to === "in-doubt" || e.to === "skipped")) {
        out.write(`${e.at.toISOString()} ${e.item} ${e.to}${e.reason ? `: ${e.reason}` : ""}\n`);
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
 * the time left, the services' request rates, and the latest failures.
 */
export function liveView(out: NodeJS.WriteStream, total: number): PlanView {
  const started = Date.now();
  const failures: string[] = [];
  let drawn = 0;
  let counts: Partial<Record<ItemState, number>> = {};
  let footer = "";
  const draw = () => {
    const done = (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0) + (counts["in-doubt"] ?? 0);
    const minutes = (Date.now() - started) / 60_000;
    const perMinute = minutes > 0 ? done / minutes : 0;
    const eta = perMinute > 0 && done < total ? `, about ${Math.ceil((total - done) / perMinute)} min left` : "";
    const lines = [
      `restorekit plan: ${done}/${total} settled, ${perMinute.toFixed(1)} per minute${eta}`,
      `  ${order.map((s) => `${s} ${counts[s] ?? 0}`).join("  ")}`,
      footer,
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
      } else if (e.type === "item" && (e.to === "failed" || e.to === "in-doubt")) {
        failures.push(`${e.item} ${e.to}: ${e.reason ?? ""}`);
        draw();
      }
    },
    end: draw,
  };
}
