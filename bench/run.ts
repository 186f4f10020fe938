/**
 * `npm run bench`: every figure side by side in one run, written to bench/results.json and
 * bench/RESULTS.md. Ratios matter more than absolute figures: the machines are noisy.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { measureColdStart } from "./cold-start.js";
import { measureGeneration } from "./generation.js";
import { spawnLoopbackServer } from "./lib/spawn-server.js";
import { measurePerRequest } from "./per-request.js";
import { renderResults } from "./report.js";
import { measureSigning } from "./signing.js";
import { measureSize } from "./size.js";
import { measureWaiters } from "./waiters.js";

const root = resolve(import.meta.dirname, "..");
const version = (name: string) => (JSON.parse(readFileSync(resolve(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
const quick = process.argv.includes("--quick");

const log = (what: string) => process.stderr.write(`bench: ${what}\n`);

log("building dist/");
execFileSync(process.execPath, [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build.ts"], { cwd: root, stdio: "inherit" });
const server = await spawnLoopbackServer();
try {
  log("per-request cost, sequential");
  const sequential = await measurePerRequest(server.url, 1, quick ? 3 : 7, quick ? 300 : 1000);
  log("per-request cost, 16 in flight");
  const concurrent = await measurePerRequest(server.url, 16, quick ? 3 : 7, quick ? 1000 : 4000);
  log("signing");
  const signing = await measureSigning(quick ? 3 : 7, quick ? 1000 : 5000);
  log("cold start");
  const coldStart = measureColdStart(quick ? 3 : 9, server.url);
  log("size");
  const size = await measureSize();
  log("generation");
  const generation = measureGeneration(quick ? 1 : 3);
  log("waiters (restores of 1–60 s; about a minute)");
  const waiters = await measureWaiters(quick ? 2 : 6, 20261123);
  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    versions: {
      restorekit: (JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { version: string }).version,
      "openapi-fetch": version("openapi-fetch"),
      "@huaweicloud/huaweicloud-sdk-core": version("@huaweicloud/huaweicloud-sdk-core"),
      esbuild: version("esbuild"),
      "openapi-typescript": version("openapi-typescript"),
    },
    sequential,
    concurrent,
    signing,
    coldStart,
    size,
    generation,
    waiters,
  };
  writeFileSync(resolve(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(import.meta.dirname, "RESULTS.md"), renderResults(results));
  log("wrote bench/results.json and bench/RESULTS.md");
} finally {
  server.stop();
}
