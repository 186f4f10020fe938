import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");

/** min+gzip bytes of a program bundled with esbuild (minified, ESM, for Node). */
async function bundleSize(source: string, resolveDir: string): Promise<{ minified: number; gzip: number }> {
  const dir = mkdtempSync(join(tmpdir(), "restorekit-size-"));
  const entry = join(dir, "program.mjs");
  writeFileSync(entry, source);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "node", write: false, absWorkingDir: resolveDir, nodePaths: [join(root, "node_modules")], logLevel: "silent" });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}

/** A package and everything it depends on at run time, resolved in this node_modules. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const pkg = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies ?? {})) closure(dep, seen);
  return seen;
}

export interface SizeFigures {
  readonly bundle: { minified: number; gzip: number };
  readonly dependencyBytes: number;
  readonly dependencyPackages: number;
}

export async function measureSize(): Promise<Record<"restorekit" | "vendor core", SizeFigures>> {
  const ours = await bundleSize(
    `import { createCbrClient, akskAuth } from ${JSON.stringify(join(root, "src/index.ts"))};
const rk = createCbrClient({ cloud: "otc", region: "eu-de", projectId: process.env.PROJECT, auth: akskAuth({ ak: process.env.AK, sk: process.env.SK }) });
await rk.restoreBackup({ backupId: process.argv[2], restore: { volume_id: process.argv[3] } });`,
    root,
  );
  const vendor = await bundleSize(
    `import core from "@huaweicloud/huaweicloud-sdk-core";
const { BasicCredentials } = core;
import signerModule from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js";
const url = "https://cbr.eu-de.otc.t-systems.com/v3/" + process.env.PROJECT + "/backups/" + process.argv[2] + "/restore";
const data = { restore: { volume_id: process.argv[3] } };
const headers = signerModule.AKSKSigner.sign({ endpoint: url, method: "POST", queryParams: {}, data, headers: { "Content-Type": "application/json" } }, new BasicCredentials().withAk(process.env.AK).withSk(process.env.SK));
delete headers.host;
await fetch(url, { method: "POST", headers, body: JSON.stringify(data) });`,
    root,
  );
  const ownDeps = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);
  const ourClosure = new Set<string>();
  for (const d of ownDeps) closure(d, ourClosure);
  const vendorClosure = closure("@huaweicloud/huaweicloud-sdk-core");
  const bytes = (set: Set<string>) => [...set].reduce((sum, name) => sum + dirSize(join(root, "node_modules", name)), 0);
  return {
    restorekit: { bundle: ours, dependencyBytes: bytes(ourClosure) + dirSize(join(root, "dist")), dependencyPackages: ourClosure.size + 1 },
    "vendor core": { bundle: vendor, dependencyBytes: bytes(vendorClosure), dependencyPackages: vendorClosure.size },
  };
}
