import { describe, expect, it } from "vitest";
import { AdaptiveRate } from "../../src/plan/index.js";
import { Turns } from "../../src/plan/turns.js";

/** A clock the test moves by hand. */
function manualClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("Turns", () => {
  it("runs one turn at a time: a restore already sending, then restores, then reads, each in arrival order", async () => {
    const turns = new Turns(2000, manualClock().now);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    const turn = (name: string, priority: "sending" | "send" | "read", wait?: Promise<void>) =>
      turns.take(priority, async () => {
        running++;
        most = Math.max(most, running);
        order.push(name);
        await wait;
        running--;
      });
    // The first turn holds the others back until the gate opens; they queue meanwhile.
    const all = [turn("first", "read", gate), turn("read-1", "read"), turn("send-1", "send"), turn("read-2", "read"), turn("sending-1", "sending"), turn("send-2", "send")];
    release();
    await Promise.all(all);
    expect(order).toEqual(["first", "sending-1", "send-1", "send-2", "read-1", "read-2"]);
    expect(most).toBe(1);
  });

  it("a read that has waited its longest gets one turn in four while restores wait: late, never shut out", async () => {
    const clock = manualClock();
    const turns = new Turns(2000, clock.now);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = turns.take("send", async () => {
      order.push("first");
      await gate;
    });
    const reads = [1, 2].map((n) => turns.take("read", async () => void order.push(`read-${n}`)));
    clock.advance(2000);
    const sends = [1, 2, 3, 4, 5, 6, 7].map((n) => turns.take("send", async () => void order.push(`send-${n}`)));
    release();
    await Promise.all([first, ...reads, ...sends]);
    expect(order).toEqual(["first", "send-1", "send-2", "read-1", "send-3", "send-4", "send-5", "read-2", "send-6", "send-7"]);
  });

  it("a turn that fails rejects its own caller only, and the next turn runs", async () => {
    const turns = new Turns();
    const failed = turns.take("send", async () => {
      throw new Error("aborted");
    });
    const next = turns.take("read", async () => "next");
    await expect(failed).rejects.toThrow("aborted");
    await expect(next).resolves.toBe("next");
  });
});

describe("AdaptiveRate with priorities", () => {
  it("grants waiting restores their tokens before waiting reads", async () => {
    const budget = new AdaptiveRate({ initialRate: 50 });
    await budget.acquire(); // the bucket's one starting token
    const order: string[] = [];
    const reads = [1, 2, 3].map((n) => budget.acquire().then(() => order.push(`read-${n}`)));
    const sends = [1, 2, 3].map((n) => budget.acquire(undefined, "send").then(() => order.push(`send-${n}`)));
    await Promise.all([...reads, ...sends]);
    // The first read's turn had begun (waiting for the next token) when the restores arrived.
    expect(order).toEqual(["read-1", "send-1", "send-2", "send-3", "read-2", "read-3"]);
  });

  it("an acquirer whose signal aborts while it waits its turn rejects, and takes no token", async () => {
    const budget = new AdaptiveRate({ initialRate: 2 });
    await budget.acquire();
    const controller = new AbortController();
    const held = budget.acquire(); // waits about half a second for the next token
    const aborted = budget.acquire(controller.signal, "send");
    controller.abort(new Error("stopped"));
    await expect(aborted).rejects.toThrow("stopped");
    await held;
    expect(budget.waiting).toBe(0);
  });
});
