/** `npm run bench:check`: fails when bench/results.json misses a target. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type BenchResults, targets } from "./targets.js";

const results = JSON.parse(readFileSync(resolve(import.meta.dirname, "results.json"), "utf8")) as BenchResults;
let missed = 0;
for (const t of targets(results)) {
  const ok = t.value <= t.limit;
  if (!ok) missed++;
  console.log(`${ok ? "pass" : "MISS"}  ${t.name}: ${t.value.toFixed(3)} ${t.unit} (target ≤ ${t.limit.toFixed(3)} ${t.unit})`);
}
process.exitCode = missed ? 1 : 0;
