import type { IncomingMessage } from "node:http";
import { FaultRuleError, faultShapes } from "./fault-rule.js";
import type { FaultInjector } from "./faults.js";
import type { EmulatorState } from "./state.js";
import type { StatsCounter } from "./stats.js";

export interface ControlReply {
  readonly status: number;
  readonly body?: unknown;
}

const refuse = (status: number, message: string, extra: object = {}): ControlReply => ({ status, body: { error_code: `Emulator.${status}`, error_msg: message, ...extra } });

/**
 * Whether a request to the control routes may come from a web page in the user's browser. A
 * browser marks cross-site requests (`Sec-Fetch-Site`) and names their origin (`Origin`); a
 * test, a script or curl does neither. A page could otherwise reconfigure the emulator with a
 * "simple" `text/plain` POST that needs no CORS preflight.
 */
function fromBrowserPage(req: IncomingMessage, selfOrigin: string): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== selfOrigin;
}

/**
 * `/__emulator/...`: read the model (`state`, `restores`) and the counters (`stats`), list, add or clear fault rules. Rules
 * are checked before they are added: a bad one gets 400 with the valid shapes.
 */
export function controlRoute(req: IncomingMessage, path: string, body: Buffer, s: { state: EmulatorState; faults: FaultInjector; stats: StatsCounter; selfOrigin: string }): ControlReply {
  if (fromBrowserPage(req, s.selfOrigin)) return refuse(403, "the control routes refuse requests from web pages of other origins");
  if (path === "/__emulator/state" && req.method === "GET") return { status: 200, body: s.state.toJSON() };
  if (path === "/__emulator/restores" && req.method === "GET") return { status: 200, body: s.state.restoreLog };
  if (path === "/__emulator/stats" && req.method === "GET") return { status: 200, body: s.stats.snapshot() };
  if (path === "/__emulator/faults" && req.method === "GET") return { status: 200, body: s.faults.list() };
  if (path === "/__emulator/faults" && req.method === "DELETE") {
    s.faults.clear();
    return { status: 204 };
  }
  if (path === "/__emulator/faults" && req.method === "POST") {
    if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) return refuse(415, "a fault rule must be sent as Content-Type: application/json");
    let rule: unknown;
    try {
      rule = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(400, "invalid fault rule: the body is not JSON", { valid_shapes: faultShapes });
    }
    try {
      s.faults.add(rule);
    } catch (error) {
      if (!(error instanceof FaultRuleError)) throw error;
      return refuse(400, error.message, { valid_shapes: faultShapes });
    }
    return { status: 201, body: s.faults.list() };
  }
  return refuse(404, `no control route ${req.method} ${path}`);
}
