import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { akskAuth } from "../../src/index.js";
import { AdaptiveRate, RateBudgets } from "../../src/plan/rate-limiter.js";
import { serviceCalls } from "../../src/plan/run/service-calls.js";
import type { Followed, ServiceCall } from "../../src/plan/tracking.js";
import { cbrRestoreTracking } from "../../src/services/cbr-restore-tracking.js";
import { csbsRestoreTracking } from "../../src/services/csbs-restore-tracking.js";
import { planItems } from "../support/scale-plan.js";

// The list reads that follow many restores at once, against the emulator: pages small enough to
// stay far below a response's size limit, and no more of them than the restores followed need.
const restores = 250;
const fixtures = generateFixtures({ scale: 2 * restores + 20, seed: 7 });
let emulator: Emulator;
let calls: Readonly<Record<"cbr" | "csbs" | "vbs" | "rds", ServiceCall>>;
/** The emulator's clock runs this far ahead of the start: the fixtures were last changed a minute before the restores. */
let ahead = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 7, fixtures, restoreDurationMs: 50, rateLimit: false, clock: () => Date.now() + ahead });
  ahead = 60_000;
  const { ak, sk, projectId } = emulator.credentials;
  calls = serviceCalls({
    cloud: "otc",
    region: "eu-de",
    projectId,
    auth: akskAuth({ ak, sk }),
    endpoints: emulator.url,
    budgets: new RateBudgets(() => new AdaptiveRate({ initialRate: 1000, maxRate: 1000 })),
    counts: { requests: 0, throttled: 0 },
  }).calls;
}, 60_000);
afterAll(() => emulator?.stop());

const requests = (operation: string) => emulator.stats.requests[operation] ?? 0;

/** Sends every restore of `items` through `restore`, and returns them as followed restores (watching `watch`). */
async function sendAll(items: Record<string, unknown>[], restore: (input: Record<string, unknown>) => Promise<unknown>, watch: (input: Record<string, unknown>) => string): Promise<Followed[]> {
  const followed: Followed[] = [];
  for (const item of items) {
    const { id: _id, service: _service, ...input } = item;
    const sentAt = new Date();
    await restore(input);
    followed.push({ facts: { watch: watch(input), ids: {} }, input, sentAt });
  }
  // Every restore lasts 50 ms on the emulator's clock.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return followed;
}

describe("list reads of many restores", () => {
  it("CSBS: the backups that became available, page by page, stopping at backups changed before the first send", async () => {
    const items = planItems(fixtures, { csbs: restores });
    const checkpointItem = (input: Record<string, unknown>) => String((input.restore as { parameters: { checkpoint_item_id: string } }).parameters.checkpoint_item_id);
    const followed = await sendAll(items, (input) => csbsRestoreTracking.restore(calls.csbs, input), checkpointItem);
    // A restore no list will show (its backup is not available): the pages must not run on to find it.
    const missing: Followed = { facts: { watch: "00000000-0000-4000-8000-000000000000", ids: {} }, input: {}, sentAt: new Date() };
    const before = requests("csbs.listCheckpointItems");
    const reads = await csbsRestoreTracking.readMany?.(calls.csbs, [...followed, missing]);
    expect(reads?.size).toBe(restores);
    expect([...(reads?.values() ?? [])].every((r) => r.verdict?.outcome === "succeeded" && r.certain === true)).toBe(true);
    expect(reads?.has(missing.facts.watch)).toBe(false);
    // One read of the restoring backups; two pages of 200 of the available ones, the second
    // reaching backups last changed a minute before the restores. The list has 520 backups: a
    // third page would be read if the reads did not stop there.
    expect(requests("csbs.listCheckpointItems") - before).toBe(3);
  });

  it("CBR: the task list in pages of 200, every restore task found", async () => {
    const items = planItems(fixtures, { cbr: restores });
    const followed = await sendAll(items, (input) => cbrRestoreTracking.restore(calls.cbr, input), (input) => String(input.backupId));
    const before = requests("cbr.listOpLogs");
    const reads = await cbrRestoreTracking.readMany?.(calls.cbr, followed);
    expect(reads?.size).toBe(restores);
    expect([...(reads?.values() ?? [])].every((r) => r.verdict?.outcome === "succeeded")).toBe(true);
    expect(requests("cbr.listOpLogs") - before).toBe(2);
  });
});
