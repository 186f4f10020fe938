import { afterEach, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { akskAuth } from "../../src/index.js";
import { setControl } from "../../src/plan/journal/coordination.js";
import { Leases } from "../../src/plan/journal/leases.js";
import { type Journal, type PlanEvent, type RunSummary, checkPlan, openPostgresJournal, runPlan } from "../../src/plan/index.js";
import { createDatabase, describePostgres } from "../support/postgres-server.js";
import { planItems } from "../support/scale-plan.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

let databases = 0;

/** A fresh database on the suite's server, and `n` journals on it: one per worker. */
async function journals(url: string, n: number): Promise<Journal[]> {
  const db = await createDatabase(url, `workers_${++databases}`);
  const opened: Journal[] = [];
  for (let i = 0; i < n; i++) opened.push(await openPostgresJournal(db));
  cleanup.push(async () => {
    await Promise.all(opened.map((j) => j.close()));
  });
  return opened;
}

async function emulatorWith(options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, seed: 9, ...options });
  cleanup.push(() => emulator.stop());
  return emulator;
}

/** Each item restores its own resource: a target restored twice is an item applied twice. */
function appliedTwice(emulator: Emulator): string[] {
  const seen = new Map<string, number>();
  for (const r of emulator.restoreLog) seen.set(`${r.service}:${r.target}`, (seen.get(`${r.service}:${r.target}`) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([target]) => target);
}

function planOf(emulator: Emulator, restores: Record<string, unknown>[], name = "shared") {
  const document = { name, cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores };
  return { document, plan: checkPlan(document) };
}

describePostgres("many workers on one PostgreSQL journal", (server) => {
  it("three workers share a 120-item plan: each item sent once, by one worker, and every item succeeds", async () => {
    const fixtures = generateFixtures({ scale: 70, seed: 3 });
    const emulator = await emulatorWith({ fixtures, restoreDurationMs: { min: 300, max: 1500 }, rateLimit: { requestsPerSecond: 20 } });
    const { document, plan } = planOf(emulator, planItems(fixtures, { cbr: 30, csbs: 30, vbs: 30, rds: 30 }));
    const workers = await journals(server().url, 3);
    const auth = akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk });
    const events: PlanEvent[] = [];
    const summaries = await Promise.all(
      workers.map((journal, n) => runPlan({ plan, document, journal, auth, endpoints: emulator.url, worker: `w${n + 1}`, leaseMs: 3000, onEvent: (e) => events.push(e) })),
    );
    expect(appliedTwice(emulator)).toEqual([]);
    expect(emulator.restoreLog).toHaveLength(120);
    for (const s of summaries) expect(s.counts.succeeded).toBe(120);
    // Each item went to `sending` exactly once, and the work was shared.
    const sends = events.filter((e) => e.type === "item" && e.to === "sending");
    expect(new Set(sends.map((e) => (e.type === "item" ? e.item : ""))).size).toBe(120);
    expect(sends).toHaveLength(120);
    const byWorker = new Map<string, number>();
    for (const e of sends) byWorker.set(e.worker, (byWorker.get(e.worker) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual(["w1", "w2", "w3"]);
    // The journal's events name the worker of every move.
    const recorded = await workers[0]?.events("shared");
    expect(recorded?.filter((e) => e.to === "sending").every((e) => e.worker && ["w1", "w2", "w3"].includes(e.worker))).toBe(true);
  }, 120_000);

  it("a worker whose lease ran out cannot move the item, even before another claims it; after a reclaim, its late writes are refused", async () => {
    const [journal] = await journals(server().url, 1);
    const j = journal as Journal;
    const doc = { name: "fence", cloud: "otc", region: "eu-de", projectId: "p1", restores: [{ id: "a", service: "vbs", backupId: "b", restore: { volume_id: "v" } }] };
    await j.register(checkPlan(doc), doc);
    const one = new Leases(j.db, "fence", "one", 300, false);
    const two = new Leases(j.db, "fence", "two", 10_000, false);
    const [held] = (await one.claim(["pending"], 10)).items;
    expect(held).toMatchObject({ id: "a", leaseOwner: "one", leaseGen: 1 });
    // Another worker cannot claim a live lease.
    expect((await two.claim(["pending"], 10)).items).toEqual([]);
    await new Promise((r) => setTimeout(r, 400));
    // Expired: the move to `sending`, which needs a live lease, is refused, though no one has claimed the item yet.
    expect(await j.move("fence", "a", "pending", "sending", { attempt: 1 }, {}, { worker: "one", gen: 1, live: true, extendMs: 300 })).toBe(false);
    expect((await one.renew()).size).toBe(0);
    const reclaim = await two.claim(["pending"], 10);
    expect(reclaim.reclaimed).toEqual([{ item: "a", from: "one", gen: 2 }]);
    // A late write of the first worker, fenced by its generation, is refused even without `live`.
    expect(await j.move("fence", "a", "pending", "skipped", {}, {}, { worker: "one", gen: 1 })).toBe(false);
    expect(await j.move("fence", "a", "pending", "sending", { attempt: 1 }, {}, { worker: "two", gen: 2, live: true, extendMs: 10_000 })).toBe(true);
    const events = await j.events("fence");
    expect(events.find((e) => e.fate === "reclaimed")).toMatchObject({ itemId: "a", worker: "two", detail: { lease: "reclaimed", from: "one", generation: 2, state: "pending" } });
  });

  it("two workers claiming at once never claim the same item (FOR UPDATE SKIP LOCKED)", async () => {
    const [a, b] = await journals(server().url, 2);
    const restores = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, service: "vbs", backupId: "b", restore: { volume_id: `v${i}` } }));
    const doc = { name: "race", cloud: "otc", region: "eu-de", projectId: "p1", restores };
    await (a as Journal).register(checkPlan(doc), doc);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, n) => new Leases(((n % 2 ? a : b) as Journal).db, "race", `w${n}`, 10_000, false).claim(["pending"], 30)),
    );
    const ids = claims.flatMap((c) => c.items.map((i) => i.id));
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  });

  it("pause holds new sends from the next heartbeat; resume goes on; cancel skips what was not sent and ends the run", async () => {
    const fixtures = generateFixtures({ scale: 30, seed: 4 });
    const emulator = await emulatorWith({ fixtures, restoreDurationMs: 300, rateLimit: { requestsPerSecond: 4 } });
    const { document, plan } = planOf(emulator, planItems(fixtures, { vbs: 30 }), "control");
    const [journal, operator] = await journals(server().url, 2);
    const auth = akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk });
    const events: PlanEvent[] = [];
    const running = runPlan({ plan, document, journal: journal as Journal, auth, endpoints: emulator.url, worker: "w1", leaseMs: 900, rate: { initialRate: 4, maxRate: 4 }, onEvent: (e) => events.push(e) });
    while (emulator.restoreLog.length < 3) await new Promise((r) => setTimeout(r, 50));
    await setControl((operator as Journal).db, "control", "pause", "test");
    const pausedAt = Date.now();
    while (!events.some((e) => e.type === "run" && e.phase === "paused")) await new Promise((r) => setTimeout(r, 20));
    // Obeyed within one heartbeat (a third of the lease), with a margin for the loop.
    expect(Date.now() - pausedAt).toBeLessThan(900);
    // A restore whose token was drawn before the pause may still leave; after that, nothing.
    await new Promise((r) => setTimeout(r, 400));
    const sentWhilePaused = emulator.restoreLog.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(emulator.restoreLog.length).toBe(sentWhilePaused);
    await setControl((operator as Journal).db, "control", "run", "test");
    while (emulator.restoreLog.length < sentWhilePaused + 3) await new Promise((r) => setTimeout(r, 50));
    expect(events.some((e) => e.type === "run" && e.phase === "resumed")).toBe(true);
    const cancel = await setControl((operator as Journal).db, "control", "cancel", "test");
    expect(cancel.skipped.length).toBeGreaterThan(0);
    const summary: RunSummary = await running;
    expect(summary.interrupted).toBe(false);
    expect(summary.counts.skipped).toBe(cancel.skipped.length);
    expect(summary.counts.succeeded + summary.counts.skipped).toBe(30);
    // Every restore sent was followed to its end; no skipped item was sent.
    expect(emulator.restoreLog).toHaveLength(summary.counts.succeeded);
    expect(summary.items.filter((i) => i.state === "skipped").every((i) => i.reason === "cancelled by the operator" && i.attempt === 0)).toBe(true);
    await expect(setControl((operator as Journal).db, "control", "run", "test")).rejects.toThrow(/cancelled run cannot be resumed/);
  }, 60_000);

  it("rate: three workers under a 20 requests/s limit per service send within 10% of it together, with under 2% 429s", async () => {
    const fixtures = generateFixtures({ scale: 120, seed: 6 });
    const limit = 20;
    const emulator = await emulatorWith({ fixtures, restoreDurationMs: { min: 500, max: 3000 }, rateLimit: { requestsPerSecond: limit } });
    const { document, plan } = planOf(emulator, planItems(fixtures, { cbr: 100, vbs: 100, rds: 100 }), "rate");
    const workers = await journals(server().url, 3);
    const auth = akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk });
    // What the emulator counted, every 100 ms: requests per plan service (VBS's budget carries its EVS reads too).
    const serviceOf = (operation: string) => (operation.startsWith("evs.") ? "vbs" : operation.split(".")[0] ?? "");
    const samples: { at: number; requests: Record<string, number> }[] = [];
    const sample = () => {
      const requests: Record<string, number> = {};
      for (const [op, n] of Object.entries(emulator.stats.requests)) requests[serviceOf(op)] = (requests[serviceOf(op)] ?? 0) + n;
      samples.push({ at: Date.now(), requests });
    };
    const sampler = setInterval(sample, 100);
    let summaries: RunSummary[];
    try {
      summaries = await Promise.all(workers.map((journal, n) => runPlan({ plan, document, journal, auth, endpoints: emulator.url, worker: `r${n + 1}`, leaseMs: 3000 })));
    } finally {
      clearInterval(sampler);
    }
    sample();
    expect(appliedTwice(emulator)).toEqual([]);
    for (const s of summaries) expect(s.counts.succeeded).toBe(300);
    const requests = summaries.reduce((n, s) => n + s.requests, 0);
    const throttled = summaries.reduce((n, s) => n + s.throttled, 0);
    // While restores are being sent, demand outruns the limit: the rate over that span is the workers' combined rate.
    const rates: Record<string, number> = {};
    for (const service of ["cbr", "vbs", "rds"]) {
      const sends = emulator.restoreLog.filter((r) => r.service === service).map((r) => r.at);
      const from = samples.filter((x) => x.at <= Math.min(...sends)).at(-1) ?? samples[0];
      const to = samples.find((x) => x.at >= Math.max(...sends)) ?? samples.at(-1);
      if (!from || !to || to.at - from.at < 2000) throw new Error(`the ${service} sends spanned too little time to measure a rate`);
      rates[service] = ((to.requests[service] ?? 0) - (from.requests[service] ?? 0)) / ((to.at - from.at) / 1000);
    }
    const perWorker = summaries.map((s) => s.requests);
    console.log(`rate test: 429s at the emulator by service ${JSON.stringify(emulator.stats.rateLimited)}; restore POSTs per service ${JSON.stringify(Object.fromEntries(["cbr", "vbs", "rds"].map((s) => [s, emulator.restoreLog.filter((r) => r.service === s).length])))}`);
    console.log(`rate test: 3 workers (${perWorker.join(" + ")} requests), ${throttled} answered 429 (${((100 * throttled) / requests).toFixed(2)}%); combined rate while sending, per service: ${Object.entries(rates).map(([k, v]) => `${k} ${v.toFixed(1)}/s`).join(", ")} (limit ${limit}/s)`);
    expect(throttled / requests).toBeLessThan(0.02);
    for (const [service, rate] of Object.entries(rates)) expect(rate, service).toBeLessThanOrEqual(limit * 1.1);
    // Every worker drew from the shared budgets.
    for (const n of perWorker) expect(n).toBeGreaterThan(0);
  }, 180_000);
});
