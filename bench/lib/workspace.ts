import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");

/** What `npm run build` and `npm run generate` read. */
const entries = ["package.json", "tsconfig.json", "tsconfig.build.json", "redocly.yaml", "README.md", "specs", "scripts", "src", "generated"];

/**
 * A private copy of the repository's sources with node_modules linked in. The benchmarks build
 * and generate there, so they never overwrite (or race with) the working tree's dist/ or generated/.
 */
export function workspaceCopy(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `restorekit-bench-${label}-`));
  for (const entry of entries) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `npm run build` in a copy; returns the copy, whose dist/ holds the package as published. */
export function builtCopy(): { dir: string; remove(): void } {
  const copy = workspaceCopy("build");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: copy.dir, stdio: ["ignore", "ignore", "inherit"] });
  return copy;
}
