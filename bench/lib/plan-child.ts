/**
 * One side of the plan benchmark, in a process of its own so that its memory and CPU are its own.
 * It loads restorekit from a built copy's dist/ (the package as published) and prints one JSON
 * line of {@link ChildFigures}:
 *
 * - `plan`: the plan file through `runPlan` with the embedded PGlite journal, as `plan apply` runs it;
 *   or, given `postgresUrl`, as one worker (named `worker`) of several on a shared PostgreSQL journal;
 * - `baseline`: the same restores as a user writes them today, each awaited with `{ wait: true }`,
 *   `concurrency` at a time (a pool of workers over one client);
 * - `idle`: loads what `plan` loads and exits, for the runtime's own memory.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sdk from "../../src/index.js";
import type * as Plan from "../../src/plan/index.js";

export interface ChildInput {
  readonly mode: "plan" | "baseline" | "idle";
  readonly packageDir: string;
  readonly planFile: string;
  readonly journalDir: string;
  readonly url: string;
  readonly credentials: { readonly ak: string; readonly sk: string; readonly projectId: string };
  readonly concurrency: number;
  /** `plan` mode: the PostgreSQL journal to share with other workers, instead of PGlite in `journalDir`. */
  readonly postgresUrl?: string;
  /** `plan` mode: this worker's name in the journal. */
  readonly worker?: string;
}

export interface ChildFigures {
  readonly wallMs: number;
  /** Opening (creating) the journal, before the run. */
  readonly journalOpenMs?: number;
  readonly journal?: { readonly moves: number; readonly busyMs: number; readonly queries: number };
  /** `plan` mode: when `runPlan` was called and when it returned, in milliseconds since the epoch. */
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** `plan` mode: when this worker last moved an item to `sending`, and last settled one (0: never). */
  readonly lastSendAt?: number;
  readonly lastSettleAt?: number;
  /** `plan` mode: restores this worker sent (its items' moves to `sending`, a resend after a 429 included), and its requests and 429s. */
  readonly sends?: number;
  readonly requests?: number;
  readonly throttled?: number;
  readonly leases?: { readonly lost: number; readonly reclaimed: number };
  readonly counts?: Readonly<Record<string, number>>;
  readonly failures: readonly { readonly id: string; readonly reason: string }[];
  /** `process.resourceUsage().maxRSS`, in bytes. */
  readonly peakRssBytes: number;
  /** `process.memoryUsage()` at the end, in bytes: where the memory is (JS heap, external such as PGlite's WASM memory). */
  readonly memoryAtEnd: NodeJS.MemoryUsage;
}

const input = JSON.parse(process.argv[2] ?? "{}") as ChildInput;
const load = async <T>(file: string) => (await import(pathToFileURL(join(input.packageDir, "dist", file)).href)) as T;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const epochMs = () => performance.timeOrigin + performance.now();
const memory = () => ({ peakRssBytes: peakRss(), memoryAtEnd: process.memoryUsage() });

async function runWithPlan(): Promise<ChildFigures> {
  const plan = await load<typeof Plan>("plan.js");
  const sdk = await load<typeof Sdk>("index.js");
  const loaded = await plan.loadPlan(input.planFile);
  const opened = performance.now();
  const journal = input.postgresUrl ? await plan.openPostgresJournal(input.postgresUrl) : await plan.openPgliteJournal(input.journalDir);
  const journalOpenMs = performance.now() - opened;
  try {
    let sends = 0;
    let lastSendAt = 0;
    let lastSettleAt = 0;
    const startedAt = epochMs();
    const summary = await plan.runPlan({
      plan: loaded.plan,
      document: loaded.document,
      journal,
      auth: sdk.akskAuth({ ak: input.credentials.ak, sk: input.credentials.sk }),
      endpoints: input.url,
      ...(input.worker ? { worker: input.worker } : {}),
      onEvent: (e) => {
        if (e.type !== "item") return;
        if (e.to === "sending") {
          sends++;
          lastSendAt = epochMs();
        }
        if (plan.settledStates.has(e.to)) lastSettleAt = epochMs();
      },
    });
    const endedAt = epochMs();
    const failures = summary.items.filter((i) => i.state !== "succeeded").map((i) => ({ id: i.id, reason: `${i.state}: ${i.reason ?? ""}` }));
    const { requests, throttled, leases } = summary;
    return { wallMs: endedAt - startedAt, journalOpenMs, journal: summary.journal, counts: summary.counts, failures, startedAt, endedAt, lastSendAt, lastSettleAt, sends, requests, throttled, leases, ...memory() };
  } finally {
    await journal.close();
  }
}

interface PlanItemInput {
  readonly id: string;
  readonly service: "cbr" | "csbs" | "vbs" | "rds";
  readonly [field: string]: unknown;
}

async function runBaseline(): Promise<ChildFigures> {
  const sdk = await load<typeof Sdk>("index.js");
  const items = (JSON.parse(readFileSync(input.planFile, "utf8")) as { restores: PlanItemInput[] }).restores;
  const client = sdk.createRestoreClient({
    cloud: "otc",
    region: "eu-de",
    projectId: input.credentials.projectId,
    endpoints: input.url,
    auth: sdk.akskAuth({ ak: input.credentials.ak, sk: input.credentials.sk }),
  });
  // The plan item's fields are the method's input, so the same file drives both sides.
  const restore = (item: PlanItemInput): Promise<unknown> => {
    const { id: _id, service, after: _after, ...fields } = item;
    const wait = { wait: true } as const;
    if (service === "cbr") return client.cbr.restoreBackup(fields as Parameters<typeof client.cbr.restoreBackup>[0], wait);
    if (service === "csbs") return client.csbs.createRestore(fields as Parameters<typeof client.csbs.createRestore>[0], wait);
    if (service === "vbs") return client.vbs.restoreBackup(fields as Parameters<typeof client.vbs.restoreBackup>[0], wait);
    return client.rds.restoreToExistingInstance(fields as Parameters<typeof client.rds.restoreToExistingInstance>[0], wait);
  };
  const failures: { id: string; reason: string }[] = [];
  let next = 0;
  const worker = async () => {
    for (let item = items[next++]; item; item = items[next++]) {
      try {
        await restore(item);
      } catch (error) {
        failures.push({ id: item.id, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: input.concurrency }, worker));
  return { wallMs: performance.now() - started, failures, ...memory() };
}

async function idle(): Promise<ChildFigures> {
  await load<typeof Plan>("plan.js");
  await load<typeof Sdk>("index.js");
  return { wallMs: 0, failures: [], ...memory() };
}

const run = { plan: runWithPlan, baseline: runBaseline, idle }[input.mode];
process.stdout.write(`${JSON.stringify(await run())}\n`);
