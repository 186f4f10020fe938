/**
 * `npm run spec:diff`: every change from the last released specs (spec-releases/) to the current
 * bundled specs (generated/openapi/), classified as breaking, non-breaking or annotation-only,
 * then a draft of the CHANGELOG entry's spec part.
 *
 * `npm run spec:check` (`--check`): fails when a breaking change arrives without a breaking
 * version in package.json (major; before 1.0.0, minor) and a CHANGELOG section that names it.
 * `--root DIR` runs on another checkout (tests use it).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type ChangeKind, changeLabel } from "./lib/spec-diff/change.js";
import { draftChangelog } from "./lib/spec-diff/draft.js";
import { checkRelease } from "./lib/spec-diff/policy.js";
import { changesSince, latestRelease } from "./lib/spec-diff/workspace.js";
import { root as repoRoot } from "./lib/specs.js";

const { values } = parseArgs({ options: { check: { type: "boolean" }, root: { type: "string" } } });
const root = resolve(values.root ?? repoRoot);
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const released = latestRelease(root);
const changes = changesSince(root, released);
const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
const summary = `${changes.length} change(s) since ${released}: ${count("breaking")} breaking, ${count("non-breaking")} non-breaking, ${count("annotation")} annotation-only`;

if (values.check) {
  const changelog = (() => {
    try {
      return readFileSync(join(root, "CHANGELOG.md"), "utf8");
    } catch {
      return "";
    }
  })();
  const problems = checkRelease(changes, released, version, changelog);
  if (problems.length > 0) {
    console.error(`spec:check: ${summary}; package.json is at ${version}.`);
    for (const p of problems) console.error(`  ${p}`);
    console.error("The breaking changes:");
    for (const c of changes.filter((c) => c.kind === "breaking")) console.error(`  - ${changeLabel(c)}`);
    console.error("Run `npm run spec:diff` for the full list and a CHANGELOG draft.");
    process.exitCode = 1;
  } else {
    console.log(`spec:check: ${summary}; ${version} and CHANGELOG.md allow them.`);
  }
} else {
  console.log(`${summary} (package.json: ${version}).\n`);
  for (const c of changes) console.log(`${c.kind.padEnd(12)} ${changeLabel(c)}  (${c.decidedBy}; ${c.path})`);
  console.log(`\nCHANGELOG draft:\n\n${draftChangelog(version, changes)}`);
}
