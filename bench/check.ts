/** `npm run bench:check`: exits 1, listing every miss, when bench/results.json misses a target. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Results } from "./run.js";
import { targets } from "./targets.js";

const file = resolve(import.meta.dirname, "results.json");
const results = JSON.parse(readFileSync(file, "utf8")) as Results;
const all = targets(results);
const show = (n: number) => (Math.abs(n) < 10 ? n.toFixed(3) : n.toFixed(1));
for (const t of all) {
  console.log(`${t.pass ? "pass" : "MISS"}  ${t.name}: ${show(t.measured)} ${t.unit} (target ${t.inclusive ? "≤" : "<"} ${show(t.limit)} ${t.unit}; ${t.detail})`);
}
const missed = all.filter((t) => !t.pass);
if (missed.length) {
  console.error(`\nbench:check: ${missed.length} of ${all.length} targets missed (results of ${results.date}):`);
  for (const t of missed) console.error(`  - ${t.name}`);
  process.exit(1);
}
console.log(`\nbench:check: all ${all.length} targets met (results of ${results.date}).`);
