import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ChangeKind, changeLabel } from "../../scripts/lib/spec-diff/change.js";
import { compareSpecs } from "../../scripts/lib/spec-diff/compare.js";
import { draftChangelog } from "../../scripts/lib/spec-diff/draft.js";
import { checkRelease } from "../../scripts/lib/spec-diff/policy.js";
import { type JsonObject, root } from "../../scripts/lib/specs.js";

const fixtures = resolve(root, "test/fixtures/spec-diff");
const load = (file: string) => parse(readFileSync(file, "utf8")) as JsonObject;
/** Every fixture pair: `<kind>/<name>/{before,after}.yaml`. */
const pairs = readdirSync(fixtures).flatMap((kind) => readdirSync(join(fixtures, kind)).map((name) => ({ kind: kind as ChangeKind, name, dir: join(fixtures, kind, name) })));
const changesOf = (dir: string) => compareSpecs("fixture", load(join(dir, "before.yaml")), load(join(dir, "after.yaml")));

describe("spec diff: each kind of change is classified", () => {
  it("has fixture pairs of every kind", () => {
    for (const kind of ["breaking", "non-breaking", "annotation"]) expect(pairs.filter((p) => p.kind === kind).length, kind).toBeGreaterThanOrEqual(4);
  });

  for (const { kind, name, dir } of pairs) {
    it(`${kind}: ${name}`, () => {
      const changes = changesOf(dir);
      expect(changes.length, "some change is found").toBeGreaterThan(0);
      const kinds = new Set(changes.map((c) => c.kind));
      if (kind === "breaking") expect(kinds.has("breaking"), JSON.stringify(changes, null, 1)).toBe(true);
      if (kind === "non-breaking") {
        expect(kinds.has("breaking"), JSON.stringify(changes, null, 1)).toBe(false);
        expect(kinds.has("non-breaking")).toBe(true);
      }
      if (kind === "annotation") expect([...kinds]).toEqual(["annotation"]);
    });
  }

  it("restorekit's own rules decide where api-smart-diff misses: a conditional requirement, a changed default, a removed exclusion, an added tag or security scheme", () => {
    const decided = (name: string) => changesOf(pairs.find((p) => p.name === name)?.dir ?? "").map((c) => `${c.kind}:${c.decidedBy}`);
    expect(decided("request-conditional-requirement-added")).toContain("breaking:request-field-required");
    expect(decided("default-changed")).toContain("breaking:default-changed");
    expect(decided("request-exclusion-removed")).toContain("non-breaking:request-rule-added-or-removed");
    expect(decided("region-removed")).toContain("breaking:server-changed");
    expect(decided("tag-added")).toEqual(["annotation:tag-added"]);
    expect(decided("security-scheme-added")).toEqual(["non-breaking:security-scheme-added"]);
  });

  it("identical specs have no changes", () => {
    const spec = load(join(pairs[0]?.dir ?? "", "before.yaml"));
    expect(compareSpecs("fixture", spec, structuredClone(spec))).toEqual([]);
  });
});

describe("the release check", () => {
  for (const { name, dir } of pairs.filter((p) => p.kind === "breaking")) {
    it(`fails for "${name}" without a breaking version and a CHANGELOG entry naming it, and passes with both`, () => {
      const changes = changesOf(dir);
      const named = draftChangelog("0.2.0", changes);
      // A patch or no bump: refused, even with the entry.
      expect(checkRelease(changes, "0.1.0", "0.1.1", draftChangelog("0.1.1", changes)).join("\n")).toMatch(/a breaking release is at least 0\.2\.0/);
      expect(checkRelease(changes, "0.1.0", "0.1.0", "").join("\n")).toMatch(/at least 0\.2\.0/);
      // The right version without an entry, or with one that does not name the change: refused.
      expect(checkRelease(changes, "0.1.0", "0.2.0", "# Changelog\n").join("\n")).toMatch(/no "## 0\.2\.0" section/);
      expect(checkRelease(changes, "0.1.0", "0.2.0", "## 0.2.0\n\n- Some changes.\n").join("\n")).toMatch(/does not name/);
      // An entry for another version does not count.
      expect(checkRelease(changes, "0.1.0", "0.2.0", named.replace("## 0.2.0", "## 0.1.9")).join("\n")).toMatch(/no "## 0\.2\.0" section/);
      expect(checkRelease(changes, "0.1.0", "0.2.0", `# Changelog\n\n${named}\n## 0.1.0\n\nFirst release.\n`)).toEqual([]);
      // From 1.0.0 on, only a new major allows it.
      expect(checkRelease(changes, "1.4.2", "1.5.0", draftChangelog("1.5.0", changes)).join("\n")).toMatch(/at least 2\.0\.0/);
      expect(checkRelease(changes, "1.4.2", "2.0.0", draftChangelog("2.0.0", changes))).toEqual([]);
    });
  }

  it("passes non-breaking and annotation-only changes at any version, without an entry", () => {
    for (const { dir } of pairs.filter((p) => p.kind !== "breaking")) expect(checkRelease(changesOf(dir), "0.1.0", "0.1.0", "")).toEqual([]);
  });

  it("the draft names every breaking and non-breaking change by the label the check looks for", () => {
    const changes = changesOf(pairs.find((p) => p.name === "response-field-no-longer-required")?.dir ?? "");
    const draft = draftChangelog("0.2.0", changes);
    for (const c of changes.filter((c) => c.kind !== "annotation")) expect(draft).toContain(`- ${changeLabel(c)}`);
    expect(draft).toMatch(/^## 0\.2\.0\n\n### Spec changes\n\nBreaking:/);
  });
});

describe("npm run spec:check, on a checkout", () => {
  const temp = mkdtempSync(join(tmpdir(), "restorekit-spec-check-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const tsx = resolve(root, "node_modules/tsx/dist/cli.mjs");
  const run = (...args: string[]) => spawnSync(process.execPath, [tsx, resolve(root, "scripts/spec-diff.ts"), "--root", temp, ...args], { encoding: "utf8" });

  it("fails on a breaking change at a patch version, and passes once the version and the CHANGELOG follow the draft", () => {
    const pair = pairs.find((p) => p.name === "response-field-no-longer-required")?.dir ?? "";
    mkdirSync(join(temp, "spec-releases/0.1.0"), { recursive: true });
    mkdirSync(join(temp, "generated/openapi"), { recursive: true });
    writeFileSync(join(temp, "spec-releases/0.1.0/fixture.json"), JSON.stringify(load(join(pair, "before.yaml"))));
    writeFileSync(join(temp, "generated/openapi/fixture.json"), JSON.stringify(load(join(pair, "after.yaml"))));
    writeFileSync(join(temp, "package.json"), JSON.stringify({ version: "0.1.1" }));
    const refused = run("--check");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/\[fixture\.(createThing|showThing)\] Removed required status from `id`/);
    expect(refused.stderr).toContain("a breaking release is at least 0.2.0");

    writeFileSync(join(temp, "package.json"), JSON.stringify({ version: "0.2.0" }));
    const report = run();
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/^breaking +\[fixture\.createThing\]/m);
    const draft = report.stdout.slice(report.stdout.indexOf("## 0.2.0"));
    writeFileSync(join(temp, "CHANGELOG.md"), `# Changelog\n\n${draft}`);
    const accepted = run("--check");
    expect(accepted.stderr).toBe("");
    expect(accepted.status).toBe(0);
  }, 30_000);

  it("passes on this repository as committed", () => {
    const out = execFileSync(process.execPath, [tsx, resolve(root, "scripts/spec-diff.ts"), "--check"], { cwd: root, encoding: "utf8" });
    expect(out).toMatch(/^spec:check: /);
  }, 30_000);
});
