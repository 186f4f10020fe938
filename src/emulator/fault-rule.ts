import type { Fault, FaultRule } from "./options.js";

/** A fault rule that cannot be used; the message names the field and lists the valid shapes. */
export class FaultRuleError extends Error {
  override readonly name = "FaultRuleError";
}

/** The valid shapes, as the emulator's README documents them; sent back with every refusal. */
export const faultShapes = [
  '{"route"?: "<service.operation>" | "*", "times"?: <integer >= 1>, "rate"?: <0..1>, "fault": <fault>}',
  'fault: "reset" | "resetAfterApply" | "malformedJson" | "restoreFails"',
  'fault: {"kind": "latency" | "slowBody", "ms": <integer 0..600000>}',
  'fault: {"kind": "status", "status": 429 | 500 | 502 | 503 | 504, "retryAfter"?: "<seconds>" | "<HTTP-date>"}',
  'fault: {"kind": "restoreFails", "reason"?: "<text>"}',
  'fault: {"kind": "reset" | "resetAfterApply" | "malformedJson"}',
];

const bare = new Set(["reset", "resetAfterApply", "malformedJson", "restoreFails"]);
const statuses = new Set([429, 500, 502, 503, 504]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fail(what: string): never {
  throw new FaultRuleError(`invalid fault rule: ${what}`);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(`${where} has an unknown field ${JSON.stringify(key)}`);
}

const printable = (v: unknown, max: number) => typeof v === "string" && v.length <= max && /^[\x20-\x7e]*$/.test(v);

function parseFault(raw: unknown): Fault {
  if (typeof raw === "string") {
    if (!bare.has(raw)) fail(`fault ${JSON.stringify(raw)} is not one of ${[...bare].join(", ")} (the others need an object)`);
    return { kind: raw } as Fault;
  }
  if (!isObject(raw)) return fail("fault must be a string or an object with a kind");
  const { kind } = raw;
  const ms = () => {
    if (!Number.isInteger(raw.ms) || (raw.ms as number) < 0 || (raw.ms as number) > 600_000) fail(`fault.ms must be an integer from 0 to 600000`);
    return raw.ms as number;
  };
  switch (kind) {
    case "latency":
    case "slowBody":
      onlyKeys(raw, ["kind", "ms"], "fault");
      return { kind, ms: ms() };
    case "status": {
      onlyKeys(raw, ["kind", "status", "retryAfter"], "fault");
      if (!statuses.has(raw.status as number)) fail("fault.status must be one of 429, 500, 502, 503, 504");
      const { retryAfter } = raw;
      if (retryAfter !== undefined && (!printable(retryAfter, 64) || retryAfter === "")) fail("fault.retryAfter must be a non-empty printable ASCII string (seconds or an HTTP-date)");
      return { kind, status: raw.status as 429 | 500 | 502 | 503 | 504, ...(retryAfter === undefined ? {} : { retryAfter: retryAfter as string }) };
    }
    case "restoreFails":
      onlyKeys(raw, ["kind", "reason"], "fault");
      if (raw.reason !== undefined && !(typeof raw.reason === "string" && raw.reason.length <= 500 && !/[\u0000-\u001f\u007f]/.test(raw.reason))) {
        fail("fault.reason must be a string of at most 500 characters without control characters");
      }
      return { kind, ...(raw.reason === undefined ? {} : { reason: raw.reason as string }) };
    case "reset":
    case "resetAfterApply":
    case "malformedJson":
      onlyKeys(raw, ["kind"], "fault");
      return { kind };
    default:
      return fail(`fault.kind ${JSON.stringify(kind)} is not one of latency, slowBody, status, reset, resetAfterApply, malformedJson, restoreFails`);
  }
}

/**
 * Checks a fault rule given as JSON or as an object, and returns it in its full form. Throws
 * `FaultRuleError` naming the field at fault; nothing is added then.
 */
export function parseFaultRule(raw: unknown, routes: readonly string[]): FaultRule & { readonly fault: Fault } {
  if (!isObject(raw)) fail("a rule must be a JSON object");
  onlyKeys(raw, ["route", "times", "rate", "fault"], "the rule");
  const { route, times, rate } = raw;
  if (route !== undefined && route !== "*" && !routes.includes(route as string)) fail(`route ${JSON.stringify(route)} is not "*" or one of ${routes.join(", ")}`);
  if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) fail("times must be an integer of at least 1");
  if (rate !== undefined && (typeof rate !== "number" || !(rate >= 0 && rate <= 1))) fail("rate must be a number from 0 to 1");
  if (raw.fault === undefined) fail("fault is required");
  return {
    ...(route === undefined ? {} : { route: route as string }),
    ...(times === undefined ? {} : { times: times as number }),
    ...(rate === undefined ? {} : { rate: rate as number }),
    fault: parseFault(raw.fault),
  };
}
