import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { serviceExamples, setupExample } from "../../scripts/lib/docs-index.js";
import { root } from "../../scripts/lib/specs.js";

/**
 * The docs index's code, as a reader pastes it: the set-up and every service's example in one
 * ESM module, type-checked by tsc with `strict` against the package as published (`restorekit`
 * resolves to this package's own exports and dist/ declarations, which the test setup builds).
 */
const tsconfig = {
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], skipLibCheck: true },
  include: ["*.mts"],
};

mkdirSync(resolve(root, "test-results"), { recursive: true });
// Inside the package, so that `import ... from "restorekit"` is the package's own name.
const dir = mkdtempSync(join(resolve(root, "test-results"), "index-examples-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function typeCheck(name: string, code: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  writeFileSync(join(folder, "example.mts"), code);
  writeFileSync(join(folder, "tsconfig.json"), JSON.stringify(tsconfig));
  const tsc = spawnSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", join(folder, "tsconfig.json")], { encoding: "utf8" });
  return `${tsc.stdout}${tsc.stderr}`.trim();
}

describe("the docs index's code examples", () => {
  const program = [setupExample, ...Object.values(serviceExamples).map((example) => `{\n${example}\n}`)].join("\n\n");

  it("type-check under strict TypeScript, set-up and every service's example together", () => {
    expect(Object.keys(serviceExamples).length).toBeGreaterThanOrEqual(4);
    expect(typeCheck("index", program)).toBe("");
  }, 60_000);

  it("the check catches the mistake the index used to have (environment variables passed as string | undefined)", () => {
    const before = program.replace('akskAuth({ ak: env("HUAWEICLOUD_SDK_AK"), sk: env("HUAWEICLOUD_SDK_SK") })', "akskAuth({ ak: process.env.HUAWEICLOUD_SDK_AK, sk: process.env.HUAWEICLOUD_SDK_SK })");
    expect(before).not.toBe(program);
    expect(typeCheck("old", before)).toMatch(/error TS2322: Type 'string \| undefined' is not assignable to type 'string'/);
  }, 60_000);
});
