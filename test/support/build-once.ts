import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

/** Vitest global setup: compiles `dist/` from the current sources before any test runs. */
export default function buildOnce(): void {
  const root = resolve(import.meta.dirname, "../..");
  execFileSync(process.execPath, [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build.ts"], { cwd: root, stdio: "inherit" });
}
