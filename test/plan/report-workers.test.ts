import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlLine, jsonView, leaseLine, lineView } from "../../src/cli/plan-view.js";
import { setControl } from "../../src/plan/journal/coordination.js";
import { type Journal, type PlanReport, checkPlan, htmlReport, junitReport, openPgliteJournal, planReport } from "../../src/plan/index.js";

/**
 * Reports of a run that several workers shared: which worker did what, each lease taken over
 * (the journal's `reclaimed` events, which move no state), and the operator's controls.
 */
let journal: Journal;
let report: PlanReport;
const plan = "shared";
const document = {
  name: plan,
  cloud: "otc",
  region: "eu-de",
  projectId: "p1",
  restores: [
    { id: "web-1", service: "vbs", backupId: "b1", restore: { volume_id: "v1" } },
    { id: "web-2", service: "vbs", backupId: "b2", restore: { volume_id: "v2" } },
    { id: "web-3", service: "vbs", after: ["web-2"], backupId: "b3", restore: { volume_id: "v3" } },
  ],
};

/** What the journal's lease claim records when a worker takes an item over from another. */
async function reclaim(item: string, from: string, to: string, state: string, generation: number): Promise<void> {
  await journal.db.query("UPDATE rk_item SET lease_owner = $3, lease_gen = $4 WHERE plan_id = $1 AND item_id = $2", [plan, item, to, generation]);
  await journal.db.query("INSERT INTO rk_event (plan_id, item_id, worker, fate, detail) VALUES ($1, $2, $3, 'reclaimed', $4)", [
    plan,
    item,
    to,
    JSON.stringify({ lease: "reclaimed", from, generation, state }),
  ]);
}

beforeAll(async () => {
  journal = await openPgliteJournal(mkdtempSync(join(tmpdir(), "restorekit-report-workers-")));
  await journal.register(checkPlan(document), document);
  const move = (item: string, from: "pending" | "sending" | "accepted" | "waiting", to: "sending" | "accepted" | "waiting" | "succeeded", worker: string) =>
    journal.move(plan, item, from, to, to === "sending" ? { attempt: 1, sentAt: new Date() } : to === "accepted" ? { acceptedAt: "now" } : to === "succeeded" ? { finishedAt: "now" } : {}, { worker });
  await journal.db.query("UPDATE rk_item SET lease_owner = 'worker-a', lease_gen = 1 WHERE plan_id = $1 AND item_id IN ('web-1', 'web-2')", [plan]);
  // worker-a sends web-1 and stops; worker-b takes it over and follows it to its end.
  await move("web-1", "pending", "sending", "worker-a");
  await move("web-1", "sending", "accepted", "worker-a");
  await reclaim("web-1", "worker-a", "worker-b", "accepted", 2);
  await move("web-1", "accepted", "waiting", "worker-b");
  await move("web-1", "waiting", "succeeded", "worker-b");
  // worker-b takes web-2 over before anything of it was sent, and sends it.
  await reclaim("web-2", "worker-a", "worker-b", "pending", 2);
  await move("web-2", "pending", "sending", "worker-b");
  await setControl(journal.db, plan, "pause", "cli@ops-1:41");
  await setControl(journal.db, plan, "run", "cli@ops-1:42");
  await setControl(journal.db, plan, "cancel", "cli@ops-2:7");
  report = await planReport(journal, plan);
}, 60_000);
afterAll(() => journal?.close());

const item = (id: string) => report.items.find((i) => i.id === id);

describe("a report of a run that workers shared", () => {
  it("lists each lease taken over on its item, and counts them", () => {
    expect(item("web-1")?.leases).toEqual([{ at: expect.any(String), from: "worker-a", to: "worker-b", state: "accepted" }]);
    expect(item("web-2")?.leases).toEqual([{ at: expect.any(String), from: "worker-a", to: "worker-b", state: "pending" }]);
    expect(item("web-3")?.leases).toEqual([]);
    expect(report.leaseChanges).toBe(2);
    expect(item("web-2")?.leaseOwner).toBe("worker-b");
    expect(item("web-3")?.leaseOwner).toBeNull();
  });

  it("counts only state moves as moves: a lease taken over moves no state", () => {
    expect(item("web-1")?.moves.map((m) => `${m.from}>${m.to} ${m.worker}`)).toEqual([
      "pending>sending worker-a",
      "sending>accepted worker-a",
      "accepted>waiting worker-b",
      "waiting>succeeded worker-b",
    ]);
    expect(report.items.flatMap((i) => i.moves).every((m) => m.from !== null && m.to !== null)).toBe(true);
    expect(item("web-1")?.workers).toEqual(["worker-a", "worker-b"]);
  });

  it("says which worker did what, the operator's cancel included", () => {
    expect(report.workers).toEqual([
      { name: "worker-a", moves: 2, items: 1, reclaimed: 0 },
      { name: "worker-b", moves: 3, items: 2, reclaimed: 2 },
      // The cancel skipped web-3, which waited for web-2.
      { name: "cli@ops-2:7", moves: 1, items: 1, reclaimed: 0 },
    ]);
    expect(item("web-3")).toMatchObject({ state: "skipped", reason: "cancelled by the operator" });
  });

  it("lists the operator's controls, oldest first, with who asked", () => {
    expect(report.control).toBe("cancel");
    expect(report.controls.map(({ control, before, by }) => ({ control, before, by }))).toEqual([
      { control: "pause", before: "run", by: "cli@ops-1:41" },
      { control: "run", before: "pause", by: "cli@ops-1:42" },
      { control: "cancel", before: "run", by: "cli@ops-2:7" },
    ]);
    expect(report.controls.every((c) => !Number.isNaN(Date.parse(c.at)))).toBe(true);
  });

  it("the HTML page has a Workers table, marks each lease taken over, lists the controls, and stays self-contained", () => {
    const page = htmlReport(report);
    expect(page).toContain("<h2>Workers</h2>");
    expect(page).toContain("<p class=\"meta\">3 workers; 2 leases were taken over from a worker whose lease had run out.</p>");
    expect(page).toContain("<tr><td>worker-b</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">2</td></tr>");
    expect(page.match(/<path class="lease"/g)).toHaveLength(2);
    expect(page).toMatch(/<title>web-1: lease reclaimed by worker-b from worker-a \(it was accepted\) at \+[\d.]+ s<\/title>/);
    expect(page).toContain('<div class="lease-note">lease reclaimed by worker-b from worker-a (it was pending)</div>');
    expect(page).toContain("<h2>Operator's controls</h2>");
    expect(page).toMatch(/<td>paused<\/td><td>cli@ops-1:41<\/td>.*<td>resumed<\/td><td>cli@ops-1:42<\/td>.*<td>cancelled<\/td><td>cli@ops-2:7<\/td>/s);
    expect(page).toContain("· cancelled by the operator</p>");
    expect(page).not.toMatch(/<(script|link|img)\b|\bsrc=|url\(/);
  });

  it("a report without workers or controls says so, and JUnit is unchanged by leases", () => {
    const quiet: PlanReport = { ...report, workers: [], controls: [], leaseChanges: 0, control: "run", items: report.items.map((i) => ({ ...i, leases: [] })) };
    const page = htmlReport(quiet);
    expect(page).toContain("<h2>Workers</h2>\n<p>None: no item has moved yet.</p>");
    expect(page).not.toContain("Operator's controls");
    expect(page).not.toContain('class="lease"');
    expect(junitReport(report)).toBe(junitReport(quiet));
  });
});

describe("what the operator sees of leases and controls while a plan runs", () => {
  const at = new Date("2026-11-20T10:00:00.000Z");
  it("plain lines: a lease reclaimed or lost, and the run paused, resumed or cancelled", () => {
    expect(leaseLine({ type: "lease", at, worker: "w2", phase: "reclaimed", item: "web-1", from: "worker-ab12", state: "sending" })).toBe("web-1: lease reclaimed from worker-ab12 (it was sending)");
    expect(leaseLine({ type: "lease", at, worker: "w2", phase: "lost", item: "web-1", state: "waiting" })).toBe("web-1: lease lost (it was waiting); this worker no longer moves it, another may take it over");
    expect(controlLine({ type: "run", at, worker: "w2", phase: "paused", plan: "drill" })).toBe("plan drill paused by the operator: nothing new is sent; restores already sent are followed to their end");
    expect(controlLine({ type: "run", at, worker: "w2", phase: "resumed", plan: "drill" })).toBe("plan drill resumed by the operator: sending again");
    expect(controlLine({ type: "run", at, worker: "w2", phase: "started", plan: "drill" })).toBeUndefined();
    let out = "";
    const view = lineView({ write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream);
    view.event({ type: "lease", at, worker: "w2", phase: "reclaimed", item: "web-1", from: "worker-ab12", state: "sending" });
    view.event({ type: "run", at, worker: "w2", phase: "cancelled", plan: "drill" });
    view.event({ type: "run", at, worker: "w2", phase: "started", plan: "drill" });
    expect(out).toBe(
      "2026-11-20T10:00:00.000Z web-1: lease reclaimed from worker-ab12 (it was sending)\n2026-11-20T10:00:00.000Z plan drill cancelled by the operator: nothing new is sent; restores already sent are followed to their end\n",
    );
  });

  it("NDJSON: a lease event is one JSON line", () => {
    let out = "";
    jsonView({ write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream).event({ type: "lease", at, worker: "w2", phase: "lost", item: "web-1", state: "waiting" });
    expect(out).toBe('{"type":"lease","at":"2026-11-20T10:00:00.000Z","worker":"w2","phase":"lost","item":"web-1","state":"waiting"}\n');
  });
});
