import { describe, expect, it } from "vitest";
import { DueQueue } from "../../src/plan/run/due-queue.js";

describe("DueQueue", () => {
  it("gives the keys due by a time, soonest first, and keeps the rest", () => {
    const q = new DueQueue<string>();
    for (const [key, at] of [["c", 30], ["a", 10], ["e", 50], ["b", 20], ["d", 40]] as const) q.schedule(key, at);
    expect(q.nextAt).toBe(10);
    expect(q.takeDue(35)).toEqual(["a", "b", "c"]);
    expect(q.size).toBe(2);
    expect(q.nextAt).toBe(40);
    expect(q.takeDue(100)).toEqual(["d", "e"]);
    expect(q.nextAt).toBe(Number.POSITIVE_INFINITY);
  });

  it("a key scheduled again is due at its new time only, and a deleted key never", () => {
    const q = new DueQueue<string>();
    q.schedule("a", 10);
    q.schedule("b", 20);
    q.schedule("a", 30); // later
    q.schedule("b", 5); // sooner
    q.schedule("c", 15);
    q.delete("c");
    expect(q.dueAt("a")).toBe(30);
    expect(q.dueAt("c")).toBeUndefined();
    expect(q.takeDue(25)).toEqual(["b"]);
    expect(q.takeDue(25)).toEqual([]);
    expect(q.takeDue(30)).toEqual(["a"]);
    expect(q.size).toBe(0);
  });

  it("orders thousands of random times as a sort would", () => {
    const q = new DueQueue<number>();
    const times = Array.from({ length: 5000 }, () => Math.floor(Math.random() * 1e6));
    times.forEach((at, key) => q.schedule(key, at));
    const due = q.takeDue(Number.POSITIVE_INFINITY).map((key) => times[key] as number);
    expect(due).toEqual([...times].sort((a, b) => a - b));
  });
});
