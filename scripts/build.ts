/**
 * `npm run build`: type declarations from tsc, and one ESM bundle per entry point from esbuild
 * (the SDK, the other auth modes as `restorekit/auth`, the emulator, the CLI). One file per
 * entry imports in about a third of the time of fifty small modules; openapi-fetch and yaml
 * stay external dependencies (yaml is imported only when a clouds.yaml is read).
 *
 * The signing digest is chosen by the package's `#default-digest` import (package.json
 * `imports`): node:crypto under the `node` condition, WebCrypto elsewhere. So a bundle for Node
 * carries no WebCrypto code and a bundle for a browser or worker no node:crypto code, where the
 * sources decide at run time (`src/signing/default-digest.ts`).
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { type Plugin, build } from "esbuild";
import { root } from "./lib/specs.js";

rmSync(resolve(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
/** Leaves the digest choice to the package's `#default-digest` import. */
const digestByCondition: Plugin = {
  name: "digest-by-condition",
  setup(b) {
    b.onResolve({ filter: /\/signing\/default-digest\.js$/ }, () => ({ path: "#default-digest", external: true }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { "default-digest.node": "src/signing/default-digest.node.ts", "default-digest.web": "src/signing/default-digest.web.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "neutral",
  external: ["node:crypto"],
  target: "node20",
  logLevel: "warning",
});
await build({
  absWorkingDir: root,
  plugins: [digestByCondition],
  entryPoints: { index: "src/index.ts", auth: "src/auth/index.ts", emulator: "src/emulator/index.ts", plan: "src/plan/index.ts", cli: "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // The auth modes, the CLI and the emulator share the SDK's code with the main entry instead of each carrying a copy.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
console.log("build: wrote dist/index.js, dist/auth.js, dist/emulator.js, dist/cli.js, the two digests and the type declarations");
