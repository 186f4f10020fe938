import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { akskAuth } from "../../src/index.js";
import { type Journal, type PlanEvent, checkPlan, openPgliteJournal, runPlan } from "../../src/plan/index.js";

const open: { emulator?: Emulator; journal?: Journal }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.journal?.close();
    await o.emulator?.stop();
  }
});

const ids = {
  rdsInstance: "d8e6ca5a624745bcb546a227aa3ae1cfin01",
  rdsBackup: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe",
  cbrBackup: "a5200268-74a5-4806-acc6-95793ab0228b",
  vbsBackup: "1d1139d8-8989-49d3-8aa1-83eb691e6db2",
  vbsVolume: "2748f2f2-4394-4e6e-af8d-8dd34496c024",
};
const items = {
  db: { id: "db", service: "rds", source: { instance_id: ids.rdsInstance, backup_id: ids.rdsBackup }, target: { instance_id: ids.rdsInstance } },
  app: {
    id: "app",
    service: "cbr",
    after: ["db"],
    backupId: ids.cbrBackup,
    restore: { server_id: "94eba8b2-acc9-4d82-badc-127144cc5526", mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }] },
  },
  disk: { id: "disk", service: "vbs", backupId: ids.vbsBackup, restore: { volume_id: ids.vbsVolume } },
  srv: {
    id: "srv",
    service: "csbs",
    after: ["app"],
    restore: {
      checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
      parameters: {
        checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
        power_on: true,
        targets: { server_id: "f45c477a-57e5-465f-999f-d845083962db", volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }] },
      },
    },
  },
};

async function setup(restores: object[], emulatorOptions: EmulatorOptions = {}, extra: object = {}) {
  const emulator = await startEmulator({ port: 0, seed: 5, restoreDurationMs: 400, ...emulatorOptions });
  const journal = await openPgliteJournal(mkdtempSync(join(tmpdir(), "restorekit-run-")));
  open.push({ emulator, journal });
  const document = { name: "drill", cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores, ...extra };
  const plan = checkPlan(document);
  const events: PlanEvent[] = [];
  const run = (more: Partial<Parameters<typeof runPlan>[0]> = {}) =>
    runPlan({ plan, document, journal, auth: akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk }), endpoints: emulator.url, onEvent: (e) => events.push(e), ...more });
  return { emulator, journal, plan, document, events, run };
}

const applied = (e: Emulator, target: string) => e.restoreLog.filter((r) => r.target === target).length;

describe("runPlan against the emulator", () => {
  it("runs every service's restore once, each after what it comes after, and ends with all succeeded", async () => {
    const { emulator, journal, run } = await setup([items.db, items.app, items.disk, items.srv]);
    const summary = await run();
    expect(summary.counts.succeeded).toBe(4);
    expect(summary.interrupted).toBe(false);
    expect(emulator.restoreLog).toHaveLength(4);
    const byId = new Map((await journal.items("drill")).map((i) => [i.id, i]));
    const sentAt = (id: string) => byId.get(id)?.firstSentAt?.getTime() ?? 0;
    const endedAt = (id: string) => byId.get(id)?.finishedAt?.getTime() ?? 0;
    expect(sentAt("app")).toBeGreaterThanOrEqual(endedAt("db"));
    expect(sentAt("srv")).toBeGreaterThanOrEqual(endedAt("app"));
    expect(byId.get("db")?.accepted?.ids.job_id).toMatch(/.+/);
  });

  it("a refusal fails the item with the service's reason, and skips what comes after it", async () => {
    const { emulator, run } = await setup([{ ...items.db, source: { instance_id: ids.rdsInstance, backup_id: "no-such-backup" } }, items.app, items.srv, items.disk]);
    const summary = await run();
    const byId = new Map(summary.items.map((i) => [i.id, i]));
    expect(byId.get("db")?.state).toBe("failed");
    expect(byId.get("db")?.reason).toMatch(/^404 DBS\.\d+/);
    expect([byId.get("app")?.state, byId.get("srv")?.state]).toEqual(["skipped", "skipped"]);
    expect(byId.get("app")?.reason).toBe("db failed");
    expect(byId.get("disk")?.state).toBe("succeeded");
    expect(emulator.restoreLog).toHaveLength(1);
  });

  it("a restore applied but answered with a reset is reconciled from the disk's status, not sent again", async () => {
    const { emulator, events, run } = await setup([items.disk], { faults: [{ route: "vbs.restoreBackup", times: 1, fault: { kind: "resetAfterApply" } }], restoreDurationMs: 2000 });
    const summary = await run();
    expect(summary.counts.succeeded).toBe(1);
    expect(applied(emulator, ids.vbsVolume)).toBe(1);
    const moves = events.filter((e) => e.type === "item").map((e) => (e.type === "item" ? `${e.from}>${e.to}` : ""));
    expect(moves).toEqual(["pending>sending", "sending>accepted", "accepted>waiting", "waiting>succeeded"]);
  });

  it("429s before processing are sent again later, and applied once", async () => {
    const faults = [0, 1, 2, 3].map(() => ({ route: "cbr.restoreBackup", times: 1, fault: { kind: "status", status: 429, retryAfter: "1" } }) as const);
    const { emulator, run } = await setup([{ ...items.app, after: [] }], { faults });
    const summary = await run();
    expect(summary.counts.succeeded).toBe(1);
    expect(summary.throttled).toBe(4);
    expect(applied(emulator, ids.cbrBackup)).toBe(1);
  });

  it("an interruption stops new sends; the next run resumes without sending anything twice", async () => {
    const { emulator, journal, run } = await setup([items.db, items.app, items.disk, items.srv], { restoreDurationMs: 1500 });
    const controller = new AbortController();
    const first = await run({ signal: controller.signal, onEvent: (e) => e.type === "item" && e.to === "accepted" && controller.abort() });
    expect(first.interrupted).toBe(true);
    const second = await run();
    expect(second.counts.succeeded).toBe(4);
    expect(emulator.restoreLog).toHaveLength(4);
    // Each run reports the journal's cost of its own run: together, all the journal did.
    const total = journal.cost();
    expect(first.journal.moves).toBeGreaterThan(0);
    expect(first.journal.moves + second.journal.moves).toBe(total.moves);
    expect(first.journal.queries + second.journal.queries).toBeLessThanOrEqual(total.queries);
    expect(second.journal.queries).toBeLessThan(total.queries);
  });

  it("an item still running past its budget fails with that reason, without holding the others", async () => {
    const { run } = await setup([{ ...items.disk, budgetMinutes: 0.02 }, { ...items.db }], { restoreDurationMs: 5000 });
    const summary = await run();
    const byId = new Map(summary.items.map((i) => [i.id, i]));
    expect(byId.get("disk")?.state).toBe("failed");
    expect(byId.get("disk")?.reason).toMatch(/not finished within its budget .*may still finish/);
    expect(byId.get("db")?.state).toBe("succeeded");
  });

  it("an item in doubt is sent again only when the operator names it", async () => {
    // A reset before processing: the fate is unknown, and the disk's record cannot tell.
    const { emulator, journal, run } = await setup([items.disk], { faults: [{ route: "vbs.restoreBackup", times: 1, fault: { kind: "reset" } }] });
    const first = await run();
    if (first.counts["in-doubt"] === 1) {
      expect(first.items[0]?.evidence).toBeTruthy();
      expect((await run()).counts["in-doubt"]).toBe(1);
      expect(applied(emulator, ids.vbsVolume)).toBe(0);
      const resent = await run({ resendInDoubt: ["disk"] });
      expect(resent.counts.succeeded).toBe(1);
    } else {
      // The disk's record showed the restore had not started: sent again at once.
      expect(first.counts.succeeded).toBe(1);
    }
    expect(applied(emulator, ids.vbsVolume)).toBe(1);
    await expect(run({ resendInDoubt: ["nobody"] })).rejects.toThrow(/not an item/);
    expect((await journal.items("drill"))[0]?.state).toBe("succeeded");
  });
});
