import { PlanError, missingModule } from "./plan-error.js";

/**
 * Reads a plan's text: JSON, or YAML (parsed with the optional `yaml` package, loaded only for
 * YAML plans). Returns the raw document, to be checked by `checkPlan`.
 */
export async function parsePlanText(text: string, fileName: string): Promise<unknown> {
  const trimmed = text.trimStart();
  if (/\.json$/i.test(fileName) || trimmed.startsWith("{")) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new PlanError(`${fileName}: not valid JSON: ${(error as Error).message}`);
    }
  }
  let yaml: typeof import("yaml");
  try {
    yaml = await import("yaml");
  } catch {
    throw missingModule("yaml", "to read a YAML plan (or write the plan in JSON)");
  }
  const doc = yaml.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) throw new PlanError(`${fileName}: not valid YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}
