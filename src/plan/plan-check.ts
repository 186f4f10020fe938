import { checkCall } from "../client/call.js";
import { parseRestoreTime } from "../cli/time.js";
import type { Cloud } from "../spec/server.js";
import { type PlanProblem, PlanError } from "./plan-error.js";
import { checkGraph } from "./plan-graph.js";
import { type PlanService, planServices, restoreOperations } from "./restore-operations.js";
import { digestOf } from "./plan-digest.js";

/** An item ready to run: its restore input as the SDK takes it (times converted). */
export interface CheckedItem {
  readonly id: string;
  readonly service: PlanService;
  readonly after: readonly string[];
  readonly budgetMs: number;
  /** The restore method's input. */
  readonly input: Record<string, unknown>;
}

/** A plan that passed every check. `digest` identifies its items' content. */
export interface CheckedPlan {
  readonly name: string;
  readonly cloud: Cloud;
  readonly region: string;
  readonly projectId: string;
  readonly concurrency: number;
  readonly rtoMinutes: number | undefined;
  readonly items: readonly CheckedItem[];
  readonly digest: string;
}

export interface CheckOptions {
  /** The plan's name when the document gives none (the CLI passes the file's name). */
  readonly defaultName?: string;
  /** The project when the document gives none (from the environment). */
  readonly projectId?: string;
  readonly region?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const planKeys = new Set(["name", "cloud", "region", "projectId", "concurrency", "rtoMinutes", "budgetMinutes", "restores", "$schema"]);
const itemKeys = new Set(["id", "service", "after", "budgetMinutes"]);
const defaultBudgetMinutes = 240;

/** `restore_time` (and any other epoch-millisecond `…_time` member) may be RFC 3339 text. */
function convertTimes(value: unknown, item: string, path: string, problems: PlanProblem[]): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key.endsWith("_time") && typeof member === "string") {
      try {
        out[key] = parseRestoreTime(member).epochMs;
      } catch (error) {
        // The same words as the CLI's --time, said of the field.
        problems.push({ item, field, rule: "time", message: `${item}: ${field} ${(error as Error).message.replace(/^--time ("(?:[^"\\]|\\.)*") /, "$1 ")}` });
        // Already reported: a stand-in keeps the schema check from reporting the field twice.
        out[key] = 0;
      }
    } else out[key] = convertTimes(member, item, field, problems);
  }
  return out;
}

function positive(value: unknown, field: string, problems: PlanProblem[], integer = false, item?: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && value > 0 && Number.isFinite(value) && (!integer || Number.isInteger(value))) return value;
  const where = item ? `${item}: ${field}` : field;
  problems.push({ ...(item ? { item } : {}), field, rule: "range", message: `${where} must be a positive ${integer ? "integer" : "number"}` });
  return undefined;
}

/**
 * Checks a plan offline, and every item with the same checks the SDK applies before sending:
 * each item's fields against its service's restore operation, the `after` graph (unknown IDs,
 * cycles), unique IDs and times. Throws one `PlanError` listing every problem (item, field,
 * rule); nothing is ever sent.
 */
export function checkPlan(raw: unknown, options: CheckOptions = {}): CheckedPlan {
  const problems: PlanProblem[] = [];
  if (!isRecord(raw)) throw new PlanError("the plan must be an object with a `restores` list", [{ field: "(plan)", rule: "type", message: "the plan must be an object" }]);
  for (const key of Object.keys(raw)) if (!planKeys.has(key)) problems.push({ field: key, rule: "additionalProperties", message: `${key} is not a field of a plan` });
  const cloud = raw.cloud ?? "huaweicloud";
  if (cloud !== "huaweicloud" && cloud !== "otc") problems.push({ field: "cloud", rule: "enum", message: `cloud must be "huaweicloud" or "otc"` });
  const region = raw.region ?? options.region;
  if (typeof region !== "string" || region === "") problems.push({ field: "region", rule: "required", message: "region is required (in the plan, or from the environment)" });
  const projectId = raw.projectId ?? options.projectId;
  if (typeof projectId !== "string" || projectId === "") problems.push({ field: "projectId", rule: "required", message: "projectId is required (in the plan, or from the environment)" });
  const name = raw.name ?? options.defaultName;
  if (typeof name !== "string" || !idPattern.test(name)) problems.push({ field: "name", rule: "pattern", message: "name must be 1–128 letters, digits, '.', '_' or '-' (or give the plan a file name like that)" });
  const concurrency = positive(raw.concurrency, "concurrency", problems, true);
  const rtoMinutes = positive(raw.rtoMinutes, "rtoMinutes", problems);
  const planBudget = positive(raw.budgetMinutes, "budgetMinutes", problems) ?? defaultBudgetMinutes;
  if (!Array.isArray(raw.restores) || raw.restores.length === 0) {
    problems.push({ field: "restores", rule: "minItems", message: "restores must list at least one restore" });
  }
  const items: CheckedItem[] = [];
  const seen = new Set<string>();
  for (const [n, entry] of (Array.isArray(raw.restores) ? raw.restores : []).entries()) {
    const at = `restores[${n}]`;
    if (!isRecord(entry)) {
      problems.push({ item: at, field: "(item)", rule: "type", message: `${at} must be an object` });
      continue;
    }
    const id = typeof entry.id === "string" && idPattern.test(entry.id) ? entry.id : undefined;
    const label = id ?? at;
    if (!id) problems.push({ item: at, field: "id", rule: "pattern", message: `${at}: id must be 1–128 letters, digits, '.', '_' or '-'` });
    else if (seen.has(id)) problems.push({ item: id, field: "id", rule: "unique", message: `${id}: the id is used by another item` });
    if (id) seen.add(id);
    const service = entry.service as PlanService;
    if (!planServices.includes(service)) {
      problems.push({ item: label, field: "service", rule: "enum", message: `${label}: service must be one of ${planServices.join(", ")}` });
      continue;
    }
    const after = entry.after ?? [];
    if (!Array.isArray(after) || after.some((a) => typeof a !== "string")) problems.push({ item: label, field: "after", rule: "type", message: `${label}: after must be a list of item ids` });
    const budget = positive(entry.budgetMinutes, "budgetMinutes", problems, false, label) ?? planBudget;
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(entry)) if (!itemKeys.has(key)) Object.defineProperty(input, key, { value: entry[key], enumerable: true, writable: true, configurable: true });
    const converted = convertTimes(input, label, "", problems) as Record<string, unknown>;
    const { op, normalize } = restoreOperations[service];
    for (const issue of checkCall(op, converted, {}, typeof projectId === "string" ? projectId : "project", normalize).issues) {
      problems.push({ item: label, field: issue.path || "(item)", rule: issue.rule, message: `${label}: ${issue.message}` });
    }
    items.push({ id: label, service, after: Array.isArray(after) ? (after as string[]) : [], budgetMs: budget * 60_000, input: converted });
  }
  problems.push(...checkGraph(items));
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    throw new PlanError(`the plan has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems[0]?.message}${more}; nothing was sent`, problems);
  }
  const checked = { name: name as string, cloud: cloud as Cloud, region: region as string, projectId: projectId as string, concurrency: concurrency ?? Number.POSITIVE_INFINITY, rtoMinutes, items };
  return { ...checked, digest: digestOf(items) };
}
