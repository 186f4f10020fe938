/**
 * Size: the min+gzip bundle of a program that makes one AK/SK-signed CBR restore (esbuild:
 * bundle, minify, platform node, format esm), with two larger programs beside it, and the
 * on-disk runtime dependency closure, for restorekit and for the vendor's core package.
 */
import { lstatSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { root } from "./lib/workspace.js";

const program = {
  /** The one-call program of the target: the CBR client, AK/SK signing, one restore. */
  restorekit: `import { createCbrClient, akskAuth } from "restorekit";
const cbr = createCbrClient({ cloud: "otc", region: "eu-de", projectId: process.env.PROJECT_ID, auth: akskAuth({ ak: process.env.AK, sk: process.env.SK }) });
await cbr.restoreBackup({ backupId: process.argv[2], restore: { volume_id: process.argv[3] } });`,
  /** The same restore, then waiting for it with the separately imported waiter. */
  restoreAndWait: `import { createCbrClient, akskAuth, waitForCbrRestore } from "restorekit";
const cbr = createCbrClient({ cloud: "otc", region: "eu-de", projectId: process.env.PROJECT_ID, auth: akskAuth({ ak: process.env.AK, sk: process.env.SK }) });
await cbr.restoreBackup({ backupId: process.argv[2], restore: { volume_id: process.argv[3] } });
await waitForCbrRestore(cbr, process.argv[2]);`,
  /** The same restore through the all-services client (waiting and the openapi-fetch clients built in). */
  fullClient: `import { createRestoreClient, akskAuth } from "restorekit";
const rk = createRestoreClient({ cloud: "otc", region: "eu-de", projectId: process.env.PROJECT_ID, auth: akskAuth({ ak: process.env.AK, sk: process.env.SK }) });
await rk.cbr.restoreBackup({ backupId: process.argv[2], restore: { volume_id: process.argv[3] } });`,
  vendor: (signer: string, credentials: string) => `import { AKSKSigner } from "${signer}";
import { BasicCredentials } from "${credentials}";
const url = "https://cbr.eu-de.otc.t-systems.com/v3/" + process.env.PROJECT_ID + "/backups/" + process.argv[2] + "/restore";
const data = { restore: { volume_id: process.argv[3] } };
const headers = AKSKSigner.sign({ endpoint: url, method: "POST", queryParams: {}, data, headers: { "Content-Type": "application/json" } },
  new BasicCredentials().withAk(process.env.AK).withSk(process.env.SK));
const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(data) });
if (res.status !== 202) throw new Error("HTTP " + res.status);`,
};

export interface BundleFigures {
  readonly minified: number;
  readonly gzip: number;
  /** The largest contributors, in minified bytes, by source file. */
  readonly top: readonly { readonly input: string; readonly bytes: number }[];
  /** Minified bytes by area: a package, `generated/<kind>`, or a folder of `src/`. */
  readonly areas: Readonly<Record<string, number>>;
}

/** The area a bundled file belongs to. */
function areaOf(input: string): string {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (pkg) return pkg[1] as string;
  const parts = input.split("/");
  if (parts[0] === "generated") return parts.length > 2 ? `generated/${parts[1]}/${parts[2]?.replace(/\.ts$/, "")}` : `generated/${parts[1]?.replace(/\.ts$/, "")}`;
  if (parts[0] === "src" || parts[0] === "dist") return parts.length > 2 ? `${parts[0]}/${parts[1]}` : input;
  return input;
}

async function bundle(contents: string, resolveDir: string): Promise<BundleFigures> {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: "program.mjs", loader: "js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const files = Object.entries(inputs)
    .map(([input, { bytesInOutput }]) => ({ input: input.replace(/^.*node_modules\//, "node_modules/").replace(/^.*restorekit-bench-build-[^/]+\//, "").replace(/^.*\/(program\.mjs)$/, "$1"), bytes: bytesInOutput }))
    .filter((x) => x.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const areas: Record<string, number> = {};
  for (const x of files) areas[areaOf(x.input)] = (areas[areaOf(x.input)] ?? 0) + x.bytes;
  const sortedAreas = Object.fromEntries(Object.entries(areas).sort((a, b) => b[1] - a[1]));
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, top: files.slice(0, 12), areas: sortedAreas };
}

/** Where Node would find package `name` from `fromDir`. */
function locate(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    try {
      if (lstatSync(join(candidate, "package.json")).isFile()) return candidate;
    } catch {
      // not here; look further up
    }
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${fromDir}`);
  }
}

/** Bytes on disk: apparent (the files' lengths, npm's "unpacked size") and allocated (blocks, as `du` counts them). */
interface Bytes {
  apparent: number;
  allocated: number;
}

/** Bytes under `dir`, directories included, not counting nested node_modules (packages of their own). */
function bytesUnder(dir: string): Bytes {
  const total = { apparent: 0, allocated: lstatSync(dir).blocks * 512 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = bytesUnder(p);
      total.apparent += sub.apparent;
      total.allocated += sub.allocated;
    } else {
      const st = lstatSync(p);
      total.apparent += st.size;
      total.allocated += st.blocks * 512;
    }
  }
  return total;
}

const countFiles = (dir: string): number => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/** Every package installed to satisfy `names` (from `fromDir`), recursively: directory → bytes. */
function closure(names: readonly string[], fromDir: string, seen = new Map<string, Bytes>()): Map<string, Bytes> {
  for (const name of names) {
    const dir = locate(name, fromDir);
    if (seen.has(dir)) continue;
    seen.set(dir, bytesUnder(dir));
    const m = manifest(dir);
    closure(Object.keys({ ...m.dependencies, ...m.optionalDependencies }), dir, seen);
  }
  return seen;
}

export interface ClosureFigures {
  readonly packages: number;
  /** Apparent bytes. */
  readonly bytes: number;
  /** Allocated bytes (4 KiB blocks here), as `du` reports them. */
  readonly allocatedBytes: number;
  readonly largest: readonly { readonly name: string; readonly bytes: number; readonly allocatedBytes: number; readonly files?: number }[];
}

function describe(found: Map<string, Bytes>, extra: Record<string, Bytes & { files: number }> = {}): ClosureFigures {
  const rows = [
    ...[...found].map(([dir, b]) => ({ name: relative(root, dir).replace(/^.*node_modules\//, ""), bytes: b.apparent, allocatedBytes: b.allocated })),
    ...Object.entries(extra).map(([name, b]) => ({ name, bytes: b.apparent, allocatedBytes: b.allocated, files: b.files })),
  ];
  rows.sort((a, b) => b.allocatedBytes - a.allocatedBytes);
  const sum = (k: "bytes" | "allocatedBytes") => rows.reduce((s, r) => s + r[k], 0);
  return { packages: rows.length, bytes: sum("bytes"), allocatedBytes: sum("allocatedBytes"), largest: rows.slice(0, 6) };
}

export interface SizeFigures {
  readonly bundles: {
    /** The one-call program, `import … from "restorekit"`: the built package, as a user bundles it (the target). */
    readonly restorekit: BundleFigures;
    /** The restore, then `waitForCbrRestore`: not a target. */
    readonly "restorekit, restore and wait": BundleFigures;
    /** `createRestoreClient` instead of `createCbrClient`: not a target. */
    readonly "restorekit, createRestoreClient": BundleFigures;
    /** The same program compiled from src/, to see which modules the bytes come from. */
    readonly "restorekit (from src/)": BundleFigures;
    /** The vendor's signer and credentials through the package's main entry. */
    readonly "vendor core": BundleFigures;
    /** The vendor's signer and credentials by deep import of their own files only. */
    readonly "vendor core (deep imports)": BundleFigures;
  };
  readonly closures: { readonly restorekit: ClosureFigures; readonly "vendor core": ClosureFigures };
}

/** `packageDir` is the built copy of the repository (see lib/workspace.ts). */
export async function measureSize(packageDir: string): Promise<SizeFigures> {
  const app = mkdtempSync(join(tmpdir(), "restorekit-bench-app-"));
  try {
    mkdirSync(join(app, "node_modules"));
    symlinkSync(packageDir, join(app, "node_modules", "restorekit"), "dir");
    const core = "@huaweicloud/huaweicloud-sdk-core";
    const bundles = {
      restorekit: await bundle(program.restorekit, app),
      "restorekit, restore and wait": await bundle(program.restoreAndWait, app),
      "restorekit, createRestoreClient": await bundle(program.fullClient, app),
      "restorekit (from src/)": await bundle(program.restorekit.replace('"restorekit"', JSON.stringify(join(root, "src/index.ts"))), root),
      "vendor core": await bundle(program.vendor(`${core}/auth/AKSKSigner`, core), root),
      "vendor core (deep imports)": await bundle(program.vendor(`${core}/auth/AKSKSigner`, `${core}/auth/BasicCredentials`), root),
    };
    const own = Object.keys(manifest(root).dependencies ?? {});
    const closures = {
      restorekit: describe(closure(own, root), { "restorekit (dist/)": { ...bytesUnder(join(packageDir, "dist")), files: countFiles(join(packageDir, "dist")) } }),
      "vendor core": describe(closure([core], root)),
    };
    return { bundles, closures };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}
