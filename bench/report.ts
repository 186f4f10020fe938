import { type Spread, bar, fmt, round } from "./lib/stats.js";
import { type BenchResults, targets } from "./targets.js";

interface Results extends BenchResults {
  readonly date: string;
  readonly machine: { node: string; cpu: string; cores: number; memoryGb: number };
  readonly versions: Record<string, string>;
  readonly sequential: Record<string, { microsPerRequest: Spread; cpuMicrosPerRequest: Spread }>;
  readonly concurrent: Record<string, { microsPerRequest: Spread; cpuMicrosPerRequest: Spread }>;
  readonly signing: Record<string, Spread>;
  readonly coldStart: Record<string, Spread>;
  readonly size: Record<string, { bundle: { minified: number; gzip: number }; dependencyBytes: number; dependencyPackages: number }>;
  readonly generation: Record<string, Spread>;
  readonly waiters: { restores: number; durationsMs: Spread; lagMs: Spread; readsPerRestore: Spread };
}

function perRequestTable(rows: Results["sequential"]): string[] {
  const base = rows["openapi-fetch (raw)"]?.microsPerRequest.median ?? 1;
  const max = Math.max(...Object.values(rows).map((r) => r.microsPerRequest.median));
  return [
    "| variant | µs/request, median (min–max) | CPU µs/request | ÷ raw openapi-fetch | |",
    "|---|---|---|---|---|",
    ...Object.entries(rows).map(
      ([name, r]) => `| ${name} | ${fmt(r.microsPerRequest, 0)} | ${fmt(r.cpuMicrosPerRequest, 0)} | ${round(r.microsPerRequest.median / base, 2)}× | \`${bar(r.microsPerRequest.median, max, 30)}\` |`,
    ),
  ];
}

/** bench/RESULTS.md: every figure, what it means, and the targets. */
export function renderResults(r: Results): string {
  const vendorSign = r.signing["vendor core AKSKSigner"]?.median ?? 1;
  const ours = r.size.restorekit;
  const vendor = r.size["vendor core"];
  const kb = (n: number) => `${round(n / 1024, 1)} kB`;
  const mb = (n: number) => `${round(n / 2 ** 20, 2)} MB`;
  return [
    "# Benchmark results",
    "",
    `One run of \`npm run bench\` on ${r.date.slice(0, 10)}: Node ${r.machine.node}, ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGb} GB.`,
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "Every figure is a median over rounds with min–max; variants ran interleaved in the same process against",
    "the same loopback server (its own process, so its CPU is not counted). Machines are noisy: read the ratios.",
    "",
    "## Targets",
    "",
    "| target | measured | limit | |",
    "|---|---|---|---|",
    ...targets(r).map((t) => `| ${t.name} | ${round(t.value, 3)} ${t.unit} | ≤ ${round(t.limit, 3)} ${t.unit} | ${t.value <= t.limit ? "pass" : "**miss**"} |`),
    "",
    "## Per-request cost: a restore POST answered 202, sequential",
    "",
    "Wall time per request from the caller's side, and the client process's CPU time per request.",
    "",
    ...perRequestTable(r.sequential),
    "",
    "## Per-request cost, 16 requests in flight",
    "",
    ...perRequestTable(r.concurrent),
    "",
    "## Signing cost per request",
    "",
    "Time to compute the `Authorization` header for one restore (canonical request, hashes, HMAC).",
    "",
    "| signer | µs/signature | ÷ vendor signer |",
    "|---|---|---|",
    ...Object.entries(r.signing).map(([k, v]) => `| ${k} | ${fmt(v, 1)} | ${round(v.median / vendorSign, 2)}× |`),
    "",
    "## Cold start, in fresh processes",
    "",
    "Milliseconds to import the package, and from process start to the first restore response.",
    "",
    "| measure | ms |",
    "|---|---|",
    ...Object.entries(r.coldStart).map(([k, v]) => `| ${k} | ${fmt(v, 1)} |`),
    "",
    "## Size",
    "",
    "The bundle is a program that makes one AK/SK-signed CBR restore, built by esbuild (minified, ESM,",
    "platform node) and gzipped at level 9; restorekit's uses `createCbrClient`. The closure is every",
    "runtime package on disk (restorekit's own `dist/` included).",
    "",
    "| | bundle min | bundle min+gzip | runtime closure | packages |",
    "|---|---|---|---|---|",
    `| restorekit | ${kb(ours?.bundle.minified ?? 0)} | ${kb(ours?.bundle.gzip ?? 0)} | ${mb(ours?.dependencyBytes ?? 0)} | ${ours?.dependencyPackages} |`,
    `| vendor core | ${kb(vendor?.bundle.minified ?? 0)} | ${kb(vendor?.bundle.gzip ?? 0)} | ${mb(vendor?.dependencyBytes ?? 0)} | ${vendor?.dependencyPackages} |`,
    "",
    "## Generation",
    "",
    "| pipeline | ms |",
    "|---|---|",
    ...Object.entries(r.generation).map(([k, v]) => `| ${k} | ${fmt(v, 0)} |`),
    "",
    "## Waiters",
    "",
    `${r.waiters.restores} restores across the four services, each lasting between 1 and 60 s (drawn at random; here`,
    `${fmt(r.waiters.durationsMs, 0)} ms), run at once against the emulator with the default wait options`,
    "(first read after 1 s, gaps growing by half from 1 s to 8 s, ±20% jitter). Lag is how long after the",
    "restore really finished the waiter resolved; reads are the status reads it spent.",
    "",
    "| measure | median (min–max) |",
    "|---|---|",
    `| lag after completion, ms | ${fmt(r.waiters.lagMs, 0)} |`,
    `| status reads per restore | ${fmt(r.waiters.readsPerRestore, 0)} |`,
    "",
  ].join("\n");
}
