/** Renders bench/RESULTS.md from the results: tables, ASCII bar charts, and what each figure means. */
import type { PerRequestFigures, Variant } from "./per-request.js";
import type { Results } from "./run.js";
import type { Spread } from "./lib/stats.js";
import { planSection } from "./plan-report.js";
import { targets } from "./targets.js";

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Spread, digits = 0) => `${f(s.median, digits)} (${f(s.min, digits)}–${f(s.max, digits)})`;
const kB = (bytes: number) => `${f(bytes / 1000, 1)} kB`;
const MB = (bytes: number) => `${f(bytes / 1e6, 2)} MB`;
const ratio = (a: number, b: number) => `${f(a / b, 2)}×`;
const signed = (n: number) => `${n < 0 ? "−" : "+"}${f(Math.abs(n))}`;

/** A horizontal ASCII bar chart in a code block; `label` rows, bars scaled to the largest value. */
function chart(rows: readonly [string, number][], unit: string, width = 40): string[] {
  const max = Math.max(...rows.map(([, v]) => v));
  const pad = Math.max(...rows.map(([l]) => l.length));
  return [
    "```",
    ...rows.map(([label, v]) => `${label.padEnd(pad)} |${"#".repeat(Math.max(1, Math.round((v / max) * width))).padEnd(width)} ${f(v, v < 10 ? 1 : 0)} ${unit}`),
    "```",
  ];
}

function perRequest(rows: Record<Variant, PerRequestFigures>, title: string, meaning: string): string[] {
  const base = rows["openapi-fetch (raw)"];
  const floor = rows["node:http, keep-alive"];
  const entries = Object.entries(rows) as [Variant, PerRequestFigures][];
  return [
    `### ${title}`,
    "",
    meaning,
    "",
    "| variant | µs/request, median (min–max) | CPU µs/request, median (min–max) | time ÷ raw openapi-fetch | CPU ÷ raw openapi-fetch |",
    "|---|---|---|---|---|",
    ...entries.map(([n, r]) => `| ${n} | ${range(r.micros)} | ${range(r.cpuMicros)} | ${ratio(r.micros.median, base.micros.median)} | ${ratio(r.cpuMicros.median, base.cpuMicros.median)} |`),
    "",
    ...chart(entries.map(([n, r]) => [n, r.micros.median]), "µs/request"),
    "",
    `Reading it: the floor (a bare keep-alive \`node:http\` request) costs ${f(floor.micros.median)} µs; ` +
      `restorekit with a token costs ${ratio(rows["restorekit, tokenAuth"].micros.median, base.micros.median)} of raw openapi-fetch and ` +
      `${ratio(rows["restorekit, tokenAuth"].micros.median, rows["global fetch"].micros.median)} of a bare \`fetch\`; AK/SK instead of a token ` +
      `changes it by ${signed(rows["restorekit, akskAuth"].micros.median - rows["restorekit, tokenAuth"].micros.median)} µs per request ` +
      `(the vendor signer + fetch: ${signed(rows["vendor core signer + fetch"].micros.median - rows["global fetch"].micros.median)} µs against bare fetch). ` +
      "Differences smaller than the min–max ranges are noise.",
    "",
  ];
}

export function renderResults(r: Results): string {
  const t = targets(r);
  const s = r.signing;
  const vendorSign = s["vendor core AKSKSigner"].median;
  const cs = r.coldStart;
  const b = r.size.bundles;
  const c = r.size.closures;
  const g = r.generation.times;
  const gen = Object.entries(g);
  const w = r.waiters;
  return [
    "# restorekit benchmark results",
    "",
    `One run of \`npm run bench\` (bench/run.ts), ${r.date}, ${f(r.totalSeconds)} s in all. Machine: ${r.machine.os}, ` +
      `${r.machine.cpuCount} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB RAM, load average ${r.machine.loadAverage} at the start.`,
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "",
    "Every figure is a median with its min–max over rounds; the variants of a figure ran interleaved (rotating",
    "order) in the same run, so machine noise falls on all of them alike. The machine is shared and noisy:",
    "trust the ratios more than the absolute figures. kB and MB are decimal (1 kB = 1000 bytes).",
    "The machine-readable figures are in `bench/results.json`; `npm run bench:check` checks the targets.",
    "",
    "## Targets",
    "",
    "| target | measured | limit | verdict |",
    "|---|---|---|---|",
    ...t.map((x) => `| ${x.name} | ${f(x.measured, 3)} ${x.unit} (${x.detail}) | ${x.inclusive ? "≤" : "<"} ${f(x.limit, 3)} ${x.unit} | ${x.pass ? "pass" : "**MISS**"} |`),
    "",
    "## Per-request cost",
    "",
    `A CBR restore POST (the reference page's whole-server body), answered 202 with no body by a keep-alive`,
    `loopback \`node:http\` server in its own process (so its CPU is not charged to the client). Each round sends`,
    `${r.settings.sequential.requests} requests one after another, or ${r.settings.concurrent.requests} with 16 in flight, per variant; ` +
      `${r.settings.sequential.rounds} rounds after ${r.settings.sequential.warmup} warm-up requests.`,
    "CPU is the client process's user + system time (`process.cpuUsage`) divided by the requests.",
    "restorekit runs from `src/` (the same code the bundle holds); the vendor variant signs with",
    "`AKSKSigner.sign` from `@huaweicloud/huaweicloud-sdk-core` and sends with global `fetch` (not its ClientBuilder).",
    "",
    ...perRequest(r.perRequest.sequential, "Sequential (one request at a time)", "Latency of one call as a script sees it: the client's own overhead adds directly to the round trip."),
    ...perRequest(r.perRequest.concurrent16, "16 requests in flight", "Throughput cost: with the connection pool busy, the time per request is mostly CPU, so per-request overhead shows more plainly."),
    "## Signing cost",
    "",
    `The \`X-Sdk-Date\` and \`Authorization\` headers of the same restore request, ${f(r.settings.signing.iterations)} signatures per round,`,
    `${r.settings.signing.rounds} rounds. restorekit's \`signRequest\` with each digest; the vendor's \`AKSKSigner.sign\` (which`,
    "hashes `JSON.stringify(data)`, so its figure includes serializing the body once).",
    "",
    "| signer | µs/signature, median (min–max) | ÷ vendor signer |",
    "|---|---|---|",
    ...Object.entries(s).map(([n, v]) => `| ${n} | ${range(v, 1)} | ${ratio(v.median, vendorSign)} |`),
    "",
    ...chart(Object.entries(s).map(([n, v]) => [n, v.median]), "µs/signature"),
    "",
    `Reading it: restorekit signs a request in ${f(s["restorekit, node:crypto"].median, 1)} µs with node:crypto (its default in Node), ` +
      `${ratio(s["restorekit, node:crypto"].median, vendorSign)} of the vendor signer's ${f(vendorSign, 1)} µs; the WebCrypto path ` +
      `(used where node:crypto is absent) costs ${f(s["restorekit, WebCrypto"].median, 1)} µs, because each WebCrypto call is an async job. ` +
      `The floor row is the two SHA-256 and one HMAC that any signer must compute (${f(s["floor: node:crypto hashes only"].median, 1)} µs, ` +
      `${ratio(s["floor: node:crypto hashes only"].median, vendorSign)} of the vendor): no signer built on node:crypto can go below it.`,
    "",
    "## Cold start",
    "",
    `Each sample is a fresh \`node\` process (${r.settings.coldStart.rounds} rounds). restorekit is the built package (\`npm run build\`,`,
    `imported by its name, which resolves to \`dist/index.js\`). "import" rows time the \`import()\`/\`require()\` call alone;`,
    `"first response" rows are \`performance.now()\` in the child when the first restore answer arrived, i.e. milliseconds`,
    "since the process started, Node's own start-up included (the empty program shows that part).",
    "",
    "| measure | ms, median (min–max) |",
    "|---|---|",
    ...Object.entries(cs).map(([n, v]) => `| ${n} | ${range(v, 1)} |`),
    "",
    ...chart(Object.entries(cs).map(([n, v]) => [n, v.median]), "ms"),
    "",
    `Reading it: importing restorekit costs ${f(cs["import restorekit"].median, 1)} ms, ` +
      `${ratio(cs["import restorekit"].median, cs["import openapi-fetch"].median)} of openapi-fetch alone and ` +
      `${ratio(cs["import restorekit"].median, cs["require vendor core"].median)} of the vendor core; a script's first restore answer ` +
      `arrives ${f(cs["first response: restorekit, tokenAuth"].median - cs["node itself (empty program)"].median)} ms after Node itself is up ` +
      `(vendor core: ${f(cs["first response: vendor core signer + fetch"].median - cs["node itself (empty program)"].median)} ms).`,
    "",
    "## Size",
    "",
    "A program making one AK/SK-signed CBR restore, bundled by esbuild (`bundle`, `minify`, `platform: node`,",
    "`format: esm`) and gzipped (zlib level 9). restorekit's program (the target's) is `createCbrClient` + `akskAuth` +",
    "`cbr.restoreBackup`, imported from the package (its built `dist/`): validation, signing, retries, timeouts and typed",
    "errors included. Two larger programs stand beside it: the same restore followed by `waitForCbrRestore`, and the",
    "same restore through `createRestoreClient` (all four services, `{ wait }` and the openapi-fetch clients built in).",
    "The `src/` row compiles the one-call program from source, to attribute the bytes (the sources choose the digest at",
    "run time, so that row carries both digests where the package's Node build carries one). The vendor's program signs with",
    "`AKSKSigner` and `BasicCredentials` and sends with `fetch`.",
    "",
    "| bundle | minified | min+gzip |",
    "|---|---|---|",
    ...Object.entries(b).map(([n, v]) => `| ${n} | ${kB(v.minified)} | ${kB(v.gzip)} |`),
    "",
    ...chart(Object.entries(b).map(([n, v]) => [n, v.gzip / 1000]), "kB min+gzip"),
    "",
    `Reading it: a program that makes one signed restore ships ${kB(b.restorekit.gzip)} of restorekit over the wire, ` +
      `${ratio(b.restorekit.gzip, b["vendor core"].gzip)} of the vendor core's ${kB(b["vendor core"].gzip)}; waiting for the restore adds ` +
      `${kB(b["restorekit, restore and wait"].gzip - b.restorekit.gzip)}, and the all-services client costs ${kB(b["restorekit, createRestoreClient"].gzip)} in all.`,
    "",
    "Where restorekit's bundle bytes come from (the program compiled from `src/`; esbuild metafile, minified bytes;",
    "gzip is not additive, so these are shares of the 'minified' column):",
    "",
    "| area | minified bytes | share |",
    "|---|---|---|",
    ...Object.entries(b["restorekit (from src/)"].areas).map(([area, n]) => `| ${area} | ${f(n)} | ${f((100 * n) / b["restorekit (from src/)"].minified)}% |`),
    "",
    "| largest source files | minified bytes |",
    "|---|---|",
    ...b["restorekit (from src/)"].top.map((x) => `| ${x.input} | ${f(x.bytes)} |`),
    "",
    "The runtime dependency closure: every package installed for the package's `dependencies`, recursively, with",
    "restorekit's own built `dist/` counted as one more package. \"On disk\" is the space allocated (file-system blocks,",
    "as `du` counts them; the target uses it); \"apparent\" is the sum of the files' lengths (npm's unpacked size).",
    "",
    "| closure | packages | on disk (allocated) | apparent | largest, allocated (apparent) |",
    "|---|---|---|---|---|",
    ...Object.entries(c).map(
      ([n, v]) =>
        `| ${n} | ${v.packages} | ${MB(v.allocatedBytes)} | ${MB(v.bytes)} | ${v.largest
          .slice(0, 4)
          .map((x) => `${x.name}${x.files ? ` (${x.files} files)` : ""} ${MB(x.allocatedBytes)} (${MB(x.bytes)})`)
          .join(", ")} |`,
    ),
    "",
    ...chart(Object.entries(c).map(([n, v]) => [n, v.allocatedBytes / 1e6]), "MB on disk"),
    "",
    `Reading it: installing restorekit takes ${MB(c.restorekit.allocatedBytes)} of disk (${MB(c.restorekit.bytes)} of file content) in ` +
      `${c.restorekit.packages} packages; the vendor core takes ${MB(c["vendor core"].allocatedBytes)} (${MB(c["vendor core"].bytes)}) in ${c["vendor core"].packages}.`,
    "",
    "## Generation",
    "",
    `${r.generation.specs} specs, in a private copy of the repository (the working tree is never written), ${r.settings.generation.rounds} rounds.`,
    "The raw CLI is run from a folder without `redocly.yaml` (TOOLCHAIN gotcha 1), once per spec, with",
    "`--default-non-nullable false` as the pipeline uses.",
    "",
    "| pipeline | ms, median (min–max) |",
    "|---|---|",
    ...gen.map(([n, v]) => `| ${n} | ${range(v)} |`),
    "",
    ...chart(gen.map(([n, v]) => [n, v.median / 1000]), "s"),
    "",
    `Reading it: the full \`npm run generate\` (lint included) takes ${ratio(gen[0]?.[1].median ?? 0, gen[2]?.[1].median ?? 1)} the time of ` +
      "running openapi-typescript alone on every spec; it also writes the run-time descriptors and endpoint table.",
    "",
    "## Waiters",
    "",
    ...("skipped" in w
      ? [`Not measured: ${w.skipped}.`]
      : [
          `${w.restores} restores (${Object.entries(w.byService).map(([k, v]) => `${v} ${k}`).join(", ")}), started at once against the emulator, whose`,
          `durations were drawn between 1 and 60 s (seed ${r.settings.waiters.seed}; drawn ${range(w.durationMs)} ms), each awaited with \`{ wait: true }\`,`,
          "the SDK's default wait options. Lag is from the moment the restore really finished (the emulator's",
          "`finishesAt`, when its state changes) to the moment the waiter resolved; reads are the status reads (GET",
          "attempts counted by the client's `onRequest` hook).",
          "",
          "| measure | median (min–max) |",
          "|---|---|",
          `| lag after the real end, ms | ${range(w.lagMs)} |`,
          `| status reads per restore | ${range(w.readsPerRestore, 1)} |`,
          "",
          ...chart(
            [...w.runs].sort((a, b) => a.durationMs - b.durationMs).map((x) => [`${x.service} ${f(x.durationMs / 1000, 1).padStart(4)} s, ${String(x.reads).padStart(2)} reads`, x.lagMs / 1000]),
            "s lag",
            30,
          ),
          "",
          `Reading it: half the waiters resolved within ${f(w.lagMs.median / 1000, 1)} s of the restore's real end and the worst within ` +
            `${f(w.lagMs.max / 1000, 1)} s, spending ${f(w.readsPerRestore.median, 0)} status reads (at most ${f(w.readsPerRestore.max, 0)}) on restores of up to a minute.`,
        ]),
    "",
    ...planSection(r.plan),
  ].join("\n");
}
