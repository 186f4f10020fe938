/** The plan files the plan benchmark runs: generated fixtures, a quarter of the items per service. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { generateFixtures } from "../../src/emulator/index.js";
import { planItems } from "../../test/support/scale-plan.js";

/** Writes `<dir>/<name>.json`, a plan of `items` restores over `fixtures`, and returns its path. */
export function writePlan(dir: string, name: string, items: number, fixtures: ReturnType<typeof generateFixtures>, projectId: string): string {
  const quarter = items / 4;
  const restores = planItems(fixtures, { cbr: quarter, csbs: quarter, vbs: quarter, rds: quarter });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, cloud: "otc", region: "eu-de", projectId, restores }));
  return file;
}
