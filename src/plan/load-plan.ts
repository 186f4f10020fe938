import { readFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { type CheckOptions, type CheckedPlan, checkPlan } from "./plan-check.js";
import { PlanError } from "./plan-error.js";
import { parsePlanText } from "./plan-text.js";

/** A plan file, checked: the plan, the document as written, and where its embedded journal goes by default. */
export interface LoadedPlan {
  readonly plan: CheckedPlan;
  readonly document: unknown;
  /** `<dir>/<name>.journal`, beside the plan. */
  readonly journalDirectory: string;
}

/** Reads and checks a plan file (YAML or JSON); the plan's name defaults to the file's name without its extension. */
export async function loadPlan(path: string, options: Omit<CheckOptions, "defaultName"> = {}): Promise<LoadedPlan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new PlanError(`cannot read the plan ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const document = await parsePlanText(text, path);
  const stem = basename(path, extname(path)).replace(/\.plan$/, "");
  const plan = checkPlan(document, { ...options, defaultName: stem });
  return { plan, document, journalDirectory: join(dirname(path), `${stem}.journal`) };
}
