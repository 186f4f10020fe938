import { expect, it } from "vitest";
import { type Journal, PlanError, checkPlan, transitions } from "../../src/plan/index.js";

/** A two-item plan (`b` after `a`) named `p<n>`. */
export const contractPlan = (n: number, volume = "v") => ({
  name: `p${n}`,
  cloud: "otc",
  region: "eu-de",
  projectId: "p1",
  restores: [
    { id: "a", service: "vbs", backupId: "b", restore: { volume_id: volume } },
    { id: "b", service: "vbs", after: ["a"], backupId: "b", restore: { volume_id: "w" } },
  ],
});

/**
 * What every journal engine must do the same way (PGlite and a PostgreSQL server run the same
 * SQL): registering a plan once, refusing a changed one, moving an item only from its state and
 * recording each move, the database refusing moves the state table does not list, and an
 * append-only event log. `journal` gives the suite's open journal; plans p1–p4 are the contract's.
 */
export function journalContract(journal: () => Journal): void {
  it("records a plan once; items start pending, or blocked when they wait for others", async () => {
    const d = contractPlan(1);
    expect(await journal().register(checkPlan(d), d)).toEqual({ created: true, added: [] });
    expect(await journal().register(checkPlan(d), d)).toEqual({ created: false, added: [] });
    expect((await journal().items("p1")).map((i) => [i.id, i.state])).toEqual([
      ["a", "pending"],
      ["b", "blocked"],
    ]);
  });

  it("refuses a changed plan with every difference; with acceptAdditions, adds new items only", async () => {
    const d = contractPlan(2);
    await journal().register(checkPlan(d), d);
    const changed = contractPlan(2, "other");
    const error = await journal().register(checkPlan(changed), changed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).problems.map((p) => `${p.item}:${p.rule}`)).toEqual(["a:changed"]);
    const grown = { ...d, restores: [...d.restores, { id: "c", service: "vbs", backupId: "b", restore: { volume_id: "x" } }] };
    const added = await journal().register(checkPlan(grown), grown).catch((e: unknown) => e);
    expect((added as PlanError).problems.map((p) => `${p.item}:${p.rule}`)).toEqual(["c:added"]);
    expect((added as PlanError).problems[0]?.message).toMatch(/--accept-additions/);
    expect(await journal().register(checkPlan(grown), grown, { acceptAdditions: true })).toEqual({ created: false, added: ["c"] });
    expect((await journal().items("p2")).map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("moves an item only from the state it is in, even when two moves race, and records each move as an event", async () => {
    const d = contractPlan(3);
    await journal().register(checkPlan(d), d);
    const [first, second] = await Promise.all([
      journal().move("p3", "a", "pending", "sending", { attempt: 1, sentAt: new Date() }, { worker: "w1" }),
      journal().move("p3", "a", "pending", "sending", { attempt: 2 }, { worker: "w2" }),
    ]);
    expect([first, second]).toEqual([true, false]);
    const [a] = await journal().items("p3");
    expect(a).toMatchObject({ state: "sending", attempt: 1, budgetMs: expect.any(Number) });
    expect(a?.sentAt).toBeInstanceOf(Date);
    const events = (await journal().events("p3")).filter((e) => e.itemId === "a");
    expect(events.map((e) => [e.from, e.to, e.attempt, e.worker, typeof e.seq])).toEqual([["pending", "sending", 1, "w1", "number"]]);
  });

  it("the database itself refuses every move the state table does not list", async () => {
    const d = contractPlan(4);
    await journal().register(checkPlan(d), d);
    // Every pair of states: only the listed moves succeed (checked from a fresh item each time).
    const states = Object.keys(transitions) as (keyof typeof transitions)[];
    let n = 0;
    for (const from of states) {
      for (const to of states) {
        if (from === to) continue;
        const id = `t${n++}`;
        await journal().db.query("INSERT INTO rk_item (plan_id, item_id, position, service, spec, budget_ms, state, turn) VALUES ('p4', $1, $2, 'vbs', '{}', 1, $3, $2)", [id, 100 + n, from]);
        const moved = await journal()
          .move("p4", id, from, to)
          .then(
            () => true,
            (e: Error) => (expect(e.message).toMatch(/may not move/), false),
          );
        expect(moved, `${from} → ${to}`).toBe(transitions[from].includes(to));
      }
    }
  });

  it("the event log is append-only", async () => {
    await expect(journal().db.query("DELETE FROM rk_event")).rejects.toThrow(/append-only/);
    await expect(journal().db.query("UPDATE rk_event SET worker = 'x'")).rejects.toThrow(/append-only/);
  });
}
