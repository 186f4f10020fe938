import { describe, expect, it } from "vitest";
import { PlanError, type PlanProblem, checkPlan } from "../../src/plan/index.js";

const base = { name: "drill", cloud: "otc", region: "eu-de", projectId: "p1" };
const vbs = (id: string, extra: object = {}) => ({ id, service: "vbs", backupId: "b1", restore: { volume_id: `v-${id}` }, ...extra });

function problems(doc: unknown): PlanProblem[] {
  try {
    checkPlan(doc);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    return [...(error as PlanError).problems];
  }
  throw new Error("the plan was accepted");
}

describe("checkPlan", () => {
  it("accepts a plan whose items are exactly their service's restore input, and converts RFC 3339 times", () => {
    const plan = checkPlan({
      ...base,
      concurrency: 20,
      rtoMinutes: 60,
      restores: [
        { id: "orders-db", service: "rds", source: { instance_id: "i1", type: "timestamp", restore_time: "2026-11-20T09:30:00Z" }, target: { instance_id: "i1" } },
        { id: "web-1", service: "cbr", after: ["orders-db"], backupId: "b1", restore: { server_id: "s1", mappings: [{ backup_id: "b2", volume_id: "v2" }], power_on: true } },
        { id: "app", service: "csbs", restore: { checkpoint_id: "c1", parameters: { checkpoint_item_id: "ci1", power_on: true, targets: { server_id: "s2", volumes: [] } } } },
        vbs("disk"),
      ],
    });
    expect(plan.items.map((i) => i.id)).toEqual(["orders-db", "web-1", "app", "disk"]);
    expect((plan.items[0]?.input.source as { restore_time: number }).restore_time).toBe(Date.UTC(2026, 10, 20, 9, 30));
    expect(plan.items[1]?.after).toEqual(["orders-db"]);
    expect(plan.concurrency).toBe(20);
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists every problem at once, each with its item, field and rule, before anything is sent", () => {
    const found = problems({
      ...base,
      extra: 1,
      restores: [
        vbs("a"),
        vbs("a"),
        { id: "b", service: "vbs", backupId: "b1", restore: { volume_id: 7 } },
        { id: "c", service: "nfs" },
        vbs("d", { after: ["nobody"] }),
        { id: "e", service: "rds", source: { instance_id: "i", type: "timestamp", restore_time: "yesterday" }, target: { instance_id: "i" } },
        { id: "has space", service: "vbs", backupId: "b", restore: { volume_id: "v" } },
        { id: "f", service: "cbr", backupId: "b", restore: { volume_id: "v", delete: true } },
      ],
    });
    const keyed = found.map((p) => `${p.item ?? ""}|${p.field}|${p.rule}`);
    expect(keyed).toEqual(
      expect.arrayContaining([
        "|extra|additionalProperties",
        "a|id|unique",
        "b|restore.volume_id|type",
        "c|service|enum",
        "d|after[0]|unknownItem",
        "e|source.restore_time|time",
        "restores[6]|id|pattern",
        "f|restore.delete|additionalProperties",
      ]),
    );
  });

  it("reads times as the CLI's --time does: a date that does not exist, or a bare number, is refused", () => {
    const at = (restore_time: unknown) => ({ id: "db", service: "rds", source: { instance_id: "i", type: "timestamp", restore_time }, target: { instance_id: "i" } });
    const found = problems({ ...base, restores: [at("2018-02-30T11:57:26Z"), { ...at("1532001446"), id: "db2" }] });
    expect(found.map((p) => `${p.item}|${p.field}|${p.rule}`)).toEqual(["db|source.restore_time|time", "db2|source.restore_time|time"]);
    expect(found[0]?.message).toMatch(/^db: source\.restore_time "2018-02-30T11:57:26Z" is not a date: February 2018 has 28 days/);
    expect(found[1]?.message).toMatch(/could be seconds .* or milliseconds/);
    const ok = checkPlan({ ...base, restores: [at("1532001446987ms")] });
    expect((ok.items[0]?.input.source as { restore_time: number }).restore_time).toBe(1532001446987);
  });

  it("refuses cycles, naming the cycle's path", () => {
    const found = problems({ ...base, restores: [vbs("a", { after: ["c"] }), vbs("b", { after: ["a"] }), vbs("c", { after: ["b"] }), vbs("d", { after: ["d"] })] });
    const cycles = found.filter((p) => p.rule === "cycle").map((p) => p.message);
    expect(cycles).toHaveLength(2);
    expect(cycles.join("\n")).toMatch(/a → c → b → a|c → b → a → c|b → a → c → b/);
    expect(cycles.join("\n")).toMatch(/d → d/);
  });

  it("requires a region and a project, from the plan or the environment", () => {
    const found = problems({ name: "x", restores: [vbs("a")] });
    expect(found.map((p) => p.field)).toEqual(expect.arrayContaining(["region", "projectId"]));
    expect(checkPlan({ name: "x", restores: [vbs("a")] }, { region: "eu-de", projectId: "p9" }).projectId).toBe("p9");
  });

  it("gives the same digest to the same content however it is written", () => {
    const a = checkPlan({ ...base, restores: [{ restore: { volume_id: "v" }, backupId: "b", service: "vbs", id: "x" }] });
    const b = checkPlan({ ...base, restores: [{ id: "x", service: "vbs", backupId: "b", restore: { volume_id: "v" } }] });
    expect(a.digest).toBe(b.digest);
    expect(checkPlan({ ...base, restores: [{ id: "x", service: "vbs", backupId: "b", restore: { volume_id: "w" } }] }).digest).not.toBe(a.digest);
  });
});
