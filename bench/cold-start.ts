/**
 * Cold start, each sample in a fresh `node` process: the time to load a package, and the time
 * from process start to the first restore response from the loopback server. restorekit is the
 * built package (`npm run build`), imported by its name as a user would.
 */
import { execFileSync } from "node:child_process";
import { type Spread, interleaved, spread } from "./lib/stats.js";

const importing = (what: string) =>
  `const t = performance.now(); await import(${JSON.stringify(what)}); console.log(performance.now() - t);`;

const vendorPrelude = `import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/package.json");`;

/** Each program prints one number of milliseconds as its last line. */
const programs = {
  "import restorekit": importing("restorekit"),
  "import openapi-fetch": importing("openapi-fetch"),
  "require vendor core": `${vendorPrelude}
const t = performance.now(); require("@huaweicloud/huaweicloud-sdk-core"); console.log(performance.now() - t);`,
  "node itself (empty program)": "console.log(performance.now());",
  "first response: restorekit, tokenAuth": `const { createRestoreClient, tokenAuth } = await import("restorekit");
const rk = createRestoreClient({ projectId: "f841e01fd2b14e7fa41b6ae7aa6b0594", endpoints: process.env.BENCH_URL, auth: tokenAuth("bench-token") });
await rk.cbr.restoreBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } });
console.log(performance.now());`,
  "first response: restorekit, akskAuth": `const { createRestoreClient, akskAuth } = await import("restorekit");
const rk = createRestoreClient({ projectId: "f841e01fd2b14e7fa41b6ae7aa6b0594", endpoints: process.env.BENCH_URL, auth: akskAuth({ ak: "BENCHAK", sk: "bench-sk" }) });
await rk.cbr.restoreBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } });
console.log(performance.now());`,
  "first response: openapi-fetch (raw)": `const { default: createClient } = await import("openapi-fetch");
const client = createClient({ baseUrl: process.env.BENCH_URL });
const { response } = await client.POST("/v3/{project_id}/backups/{backup_id}/restore", {
  params: { path: { project_id: "f841e01fd2b14e7fa41b6ae7aa6b0594", backup_id: "a5200268-74a5-4806-acc6-95793ab0228b" } },
  body: { restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }, headers: { "X-Auth-Token": "bench-token" } });
if (response.status !== 202) throw new Error(String(response.status));
console.log(performance.now());`,
  "first response: vendor core signer + fetch": `${vendorPrelude}
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");
const url = process.env.BENCH_URL + "/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore";
const data = { restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
const headers = AKSKSigner.sign({ endpoint: url, method: "POST", queryParams: {}, data, headers: { "Content-Type": "application/json" } },
  new BasicCredentials().withAk("BENCHAK").withSk("bench-sk"));
const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(data) });
if (res.status !== 202) throw new Error(String(res.status));
console.log(performance.now());`,
};
export type ColdCase = keyof typeof programs;
export const coldCases = Object.keys(programs) as ColdCase[];

/**
 * Milliseconds per case over `rounds` fresh processes. `packageDir` is the built copy of the
 * repository: the programs run there, so `import("restorekit")` resolves to its dist/ bundle.
 */
export async function measureColdStart(o: { rounds: number; packageDir: string; url: string }): Promise<Record<ColdCase, Spread>> {
  const run = (name: string) => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", programs[name as ColdCase]], {
      cwd: o.packageDir,
      encoding: "utf8",
      env: { ...process.env, BENCH_URL: o.url, NODE_OPTIONS: "" },
    });
    const ms = Number(out.trim().split("\n").at(-1));
    if (!Number.isFinite(ms)) throw new Error(`${name}: unexpected output ${out}`);
    return ms;
  };
  for (const name of coldCases) run(name); // fill the file system cache
  const samples = await interleaved(coldCases, o.rounds, run);
  return Object.fromEntries(coldCases.map((n) => [n, spread(samples[n] ?? [])])) as Record<ColdCase, Spread>;
}
