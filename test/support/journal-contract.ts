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
 * append-only event log, and group commits. `journal` gives the suite's open journal; plans p1–p5 are the contract's.
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
    // The plan's row keeps its settings; its restores are the items' rows, not a second copy.
    const { restores: _restores, ...settings } = d;
    expect((await journal().plan("p1"))?.document).toEqual(settings);
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

  it("commits moves that queue together as one batch: each as if alone, an item's second move after its first, a refused one failing alone", async () => {
    const ids = ["a", "b", "c", "d", "e"];
    const d = { name: "p5", cloud: "otc", region: "eu-de", projectId: "p1", restores: ids.map((id) => ({ id, service: "vbs", backupId: "b", restore: { volume_id: id } })) };
    await journal().register(checkPlan(d), d);
    await journal().db.query("UPDATE rk_item SET lease_owner = 'w1', lease_gen = 3, lease_until = now() + interval '1 hour' WHERE plan_id = 'p5' AND item_id = 'e'");
    const sentAt = new Date("2026-11-24T06:00:00.123Z");
    const notBefore = new Date("2026-11-24T07:00:00.000Z");
    const accepted = { watch: "v-a", ids: { job_id: "j-1" }, requestId: "r-2" };
    // The first move holds the commit; everything after it queues, and is committed together.
    const first = journal().move("p5", "e", "pending", "sending", { attempt: 1, sentAt });
    const batch = [
      journal().move("p5", "a", "pending", "sending", { attempt: 1, sentAt }, { worker: "w1", requestId: "r-1" }),
      journal().move("p5", "a", "sending", "accepted", { accepted, acceptedAt: "now" }, { worker: "w1", fate: "accepted", detail: { n: 1 } }),
      journal().move("p5", "b", "pending", "sending", { attempt: 1, sentAt }),
      journal().move("p5", "b", "sending", "pending", { notBefore, reason: "throttled" }),
      journal().move("p5", "c", "pending", "succeeded"),
      journal().move("p5", "d", "sending", "accepted"),
      journal().move("p5", "d", "pending", "skipped", { reason: "a dependency failed", evidence: { seen: ["x"] }, finishedAt: "now" }),
      journal().move("p5", "e", "sending", "accepted", { accepted }, {}, { worker: "w1", gen: 2 }),
      journal().move("p5", "e", "sending", "accepted", { accepted }, {}, { worker: "w1", gen: 3, live: true, extendMs: 7_200_000 }),
    ];
    expect(await first).toBe(true);
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : String(o.reason)))).toEqual([
      true, true, true, true, expect.stringMatching(/may not move from pending to succeeded/), false, true, false, true,
    ]);
    const items = new Map((await journal().items("p5")).map((i) => [i.id, i]));
    expect(items.get("a")).toMatchObject({ state: "accepted", attempt: 1, sentAt, firstSentAt: sentAt, accepted, reason: null, notBefore: null });
    expect(items.get("a")?.acceptedAt).toBeInstanceOf(Date);
    expect(items.get("b")).toMatchObject({ state: "pending", attempt: 1, sentAt, notBefore, reason: "throttled", accepted: null, acceptedAt: null });
    expect(items.get("c")).toMatchObject({ state: "pending", attempt: 0, sentAt: null });
    expect(items.get("d")).toMatchObject({ state: "skipped", reason: "a dependency failed", evidence: { seen: ["x"] }, sentAt: null });
    expect(items.get("d")?.finishedAt).toBeInstanceOf(Date);
    expect(items.get("e")).toMatchObject({ state: "accepted", accepted, leaseOwner: "w1", leaseGen: 3, acceptedAt: null });
    const { rows } = await journal().db.query<{ hours: number }>("SELECT extract(epoch FROM lease_until - now()) / 3600 AS hours FROM rk_item WHERE plan_id = 'p5' AND item_id = 'e'");
    expect(Number(rows[0]?.hours)).toBeGreaterThan(1.5);
    const events = (await journal().events("p5")).filter((e) => e.itemId !== null);
    expect(events.map((e) => [e.itemId, e.from, e.to, e.attempt, e.worker, e.requestId, e.fate, e.detail])).toEqual([
      ["e", "pending", "sending", 1, null, null, null, null],
      // The refused move failed the batch, which was then replayed one move at a time, in the order asked.
      ["a", "pending", "sending", 1, "w1", "r-1", null, null],
      ["a", "sending", "accepted", 1, "w1", null, "accepted", { n: 1 }],
      ["b", "pending", "sending", 1, null, null, null, null],
      ["b", "sending", "pending", 1, null, null, null, null],
      ["d", "pending", "skipped", 0, null, null, null, null],
      ["e", "sending", "accepted", 1, null, null, null, null],
    ]);

    // A batch with nothing refused is one statement for each round of an item's moves; null clears a column.
    const later = new Date("2026-11-24T06:05:00.000Z");
    const hold = journal().move("p5", "a", "accepted", "waiting");
    const before = journal().cost().queries;
    const next = [
      journal().move("p5", "b", "pending", "sending", { attempt: 2, sentAt: later, notBefore: null, reason: null }),
      journal().move("p5", "c", "pending", "sending", { attempt: 1, sentAt: later }),
      journal().move("p5", "c", "sending", "failed", { reason: "refused", finishedAt: "now" }),
    ];
    await hold;
    expect(await Promise.all(next)).toEqual([true, true, true]);
    expect(journal().cost().queries - before).toBe(2);
    const after = new Map((await journal().items("p5")).map((i) => [i.id, i]));
    expect(after.get("b")).toMatchObject({ state: "sending", attempt: 2, sentAt: later, firstSentAt: sentAt, notBefore: null, reason: null });
    expect(after.get("c")).toMatchObject({ state: "failed", attempt: 1, reason: "refused" });
  });

  it("the event log is append-only", async () => {
    await expect(journal().db.query("DELETE FROM rk_event")).rejects.toThrow(/append-only/);
    await expect(journal().db.query("UPDATE rk_event SET worker = 'x'")).rejects.toThrow(/append-only/);
  });
}
