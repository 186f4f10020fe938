import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { type Journal, PlanError, checkPlan, openPostgresJournal, transitions } from "../../src/plan/index.js";
import { createDatabase, describePostgres } from "../support/postgres-server.js";

const doc = (n: number, volume = "v") => ({
  name: `p${n}`,
  cloud: "otc",
  region: "eu-de",
  projectId: "p1",
  restores: [
    { id: "a", service: "vbs", backupId: "b", restore: { volume_id: volume } },
    { id: "b", service: "vbs", after: ["a"], backupId: "b", restore: { volume_id: "w" } },
  ],
});

describePostgres("the PostgreSQL journal", (server) => {
  let journal: Journal;
  beforeAll(async () => {
    journal = await openPostgresJournal(await createDatabase(server().url, "journal"));
  });
  afterAll(() => journal?.close());

  it("applies each migration once when five workers open a fresh database together", async () => {
    const url = await createDatabase(server().url, "together");
    const journals = await Promise.all(Array.from({ length: 5 }, () => openPostgresJournal(url)));
    const [first] = journals;
    try {
      const { rows } = await (first as Journal).db.query<{ version: number }>("SELECT version FROM rk_migration ORDER BY version");
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      expect(await Promise.all(journals.map((j) => j.migrate()))).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await Promise.all(journals.map((j) => j.close()));
    }
  });

  it("records a plan once; items start pending, or blocked when they wait for others", async () => {
    const d = doc(1);
    expect(await journal.register(checkPlan(d), d)).toEqual({ created: true, added: [] });
    expect(await journal.register(checkPlan(d), d)).toEqual({ created: false, added: [] });
    expect((await journal.items("p1")).map((i) => [i.id, i.state])).toEqual([
      ["a", "pending"],
      ["b", "blocked"],
    ]);
  });

  it("refuses a changed plan with every difference; with acceptAdditions, adds new items only", async () => {
    const d = doc(2);
    await journal.register(checkPlan(d), d);
    const changed = doc(2, "other");
    const error = await journal.register(checkPlan(changed), changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).problems.map((p) => `${p.item}:${p.rule}`)).toEqual(["a:changed"]);
    const grown = { ...d, restores: [...d.restores, { id: "c", service: "vbs", backupId: "b", restore: { volume_id: "x" } }] };
    const added = await journal.register(checkPlan(grown), grown).catch((e: unknown) => e);
    expect((added as PlanError).problems.map((p) => `${p.item}:${p.rule}`)).toEqual(["c:added"]);
    expect(await journal.register(checkPlan(grown), grown, { acceptAdditions: true })).toEqual({ created: false, added: ["c"] });
    expect((await journal.items("p2")).map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("moves an item only from the state it is in, and records each move as an event", async () => {
    const d = doc(3);
    await journal.register(checkPlan(d), d);
    const [first, second] = await Promise.all([
      journal.move("p3", "a", "pending", "sending", { attempt: 1, sentAt: new Date() }, { worker: "w1" }),
      journal.move("p3", "a", "pending", "sending", { attempt: 2 }, { worker: "w2" }),
    ]);
    expect([first, second]).toEqual([true, false]);
    const [a] = await journal.items("p3");
    expect(a).toMatchObject({ state: "sending", attempt: 1, budgetMs: expect.any(Number) });
    expect(a?.sentAt).toBeInstanceOf(Date);
    const events = (await journal.events("p3")).filter((e) => e.itemId === "a");
    expect(events.map((e) => [e.from, e.to, e.attempt, e.worker, typeof e.seq])).toEqual([["pending", "sending", 1, "w1", "number"]]);
  });

  it("the database itself refuses every move the state table does not list", async () => {
    const d = doc(4);
    await journal.register(checkPlan(d), d);
    const states = Object.keys(transitions) as (keyof typeof transitions)[];
    let n = 0;
    for (const from of states) {
      for (const to of states) {
        if (from === to) continue;
        const id = `t${n++}`;
        await journal.db.query("INSERT INTO rk_item (plan_id, item_id, position, service, spec, budget_ms, state) VALUES ('p4', $1, $2, 'vbs', '{}', 1, $3)", [id, 100 + n, from]);
        const moved = await journal.move("p4", id, from, to).then(
          () => true,
          (e: Error) => (expect(e.message).toMatch(/may not move/), false),
        );
        expect(moved, `${from} → ${to}`).toBe(transitions[from].includes(to));
      }
    }
  });

  it("the event log is append-only", async () => {
    await expect(journal.db.query("DELETE FROM rk_event")).rejects.toThrow(/append-only/);
    await expect(journal.db.query("UPDATE rk_event SET worker = 'x'")).rejects.toThrow(/append-only/);
  });

  it("rolls back a transaction whose work throws, and its connection serves again", async () => {
    const insert = "INSERT INTO rk_plan (plan_id, digest, document) VALUES ($1, 'd', '{}')";
    // More failures than the pool has connections: each must have given its connection back.
    for (let n = 0; n < 6; n++) {
      await expect(
        journal.db.transaction(async (tx) => {
          await tx.query(insert, [`rolled-back-${n}`]);
          throw new Error("the work failed");
        }),
      ).rejects.toThrow("the work failed");
    }
    // A statement the database refuses: what came before it in the transaction is gone too.
    await expect(
      journal.db.transaction(async (tx) => {
        await tx.query(insert, ["rolled-back-twice"]);
        await tx.query(insert, ["rolled-back-twice"]);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await journal.db.query<{ n: string }>("SELECT count(*) AS n FROM rk_plan WHERE plan_id LIKE 'rolled-back-%'");
    expect(Number(rows[0]?.n)).toBe(0);
    expect(await journal.db.transaction(async (tx) => (await tx.query<{ one: number }>("SELECT 1 AS one")).rows)).toEqual([{ one: 1 }]);
  });
});
