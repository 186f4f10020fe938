import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type Emulator, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { type EventRecord, type ItemRecord, openPostgresJournal } from "../../src/plan/index.js";
import { cliPath } from "../support/run-cli.js";
import { createDatabase, describePostgres } from "../support/postgres-server.js";
import { planItems } from "../support/scale-plan.js";

const items = 300;
const workers = 3;
const kills = 15;
const leaseMs = 3000;

interface Worker {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output: string;
}

/** A seeded random number in [0, 1), so that a failing run can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describePostgres("chaos: three workers on one PostgreSQL journal, killed and paused at random", (server) => {
  it(`${items} items, ${kills}+ SIGKILLs and a SIGSTOP past the lease: no restore applied twice, every item settled with its reason`, async () => {
    // Every service behind a tight rate limit (2 requests a second), so that the plan runs long enough for the kills.
    const fixtures = generateFixtures({ scale: 160, seed: 31 });
    const emulator: Emulator = await startEmulator({ port: 0, seed: 31, fixtures, restoreDurationMs: { min: 1000, max: 8000 }, rateLimit: { requestsPerSecond: 2, burst: 2 } });
    const url = await createDatabase(server().url, "chaos");
    const dir = mkdtempSync(join(tmpdir(), "restorekit-chaos-"));
    const planPath = join(dir, "chaos.json");
    const restores = planItems(fixtures, { cbr: items / 4, csbs: items / 4, vbs: items / 4, rds: items / 4 });
    writeFileSync(planPath, JSON.stringify({ cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores }));
    const env = { PATH: process.env.PATH ?? "", HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk, RESTOREKIT_JOURNAL_URL: url };
    let started = 0;
    const start = (): Worker => {
      const name = `chaos-${++started}`;
      const child = spawn(process.execPath, [cliPath, "plan", "apply", planPath, "--endpoint", emulator.url, "--json", "--worker", name, "--lease", `${leaseMs / 1000}s`], { env, stdio: ["ignore", "pipe", "pipe"] });
      const worker: Worker = { name, child, output: "", exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
      child.stdout?.on("data", (chunk: Buffer) => {
        worker.output += String(chunk);
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        worker.output += String(chunk);
      });
      return worker;
    };
    const random = seeded(15);
    const live = new Set<Worker>(Array.from({ length: workers }, start));
    const all = [...live];
    let killed = 0;
    let stopped: { worker: Worker; from: number; to: number } | undefined;
    try {
      while (killed < kills) {
        await new Promise((r) => setTimeout(r, 1000 + random() * 1500));
        for (const w of live) if (w.child.exitCode !== null) live.delete(w);
        if (emulator.restoreLog.length >= items) break;
        if (killed === 4 && !stopped) {
          // Pause one worker past its lease while it holds items, then let it go on.
          const victim = [...live][0] as Worker;
          victim.child.kill("SIGSTOP");
          stopped = { worker: victim, from: Date.now(), to: 0 };
          setTimeout(() => {
            victim.child.kill("SIGCONT");
            (stopped as { to: number }).to = Date.now();
          }, leaseMs * 2.5);
        }
        const candidates = [...live].filter((w) => w !== stopped?.worker || stopped.to !== 0);
        const victim = candidates[Math.floor(random() * candidates.length)];
        if (!victim) continue;
        victim.child.kill("SIGKILL");
        await victim.exited;
        live.delete(victim);
        killed++;
        const next = start();
        live.add(next);
        all.push(next);
      }
      // Let the paused worker go on if the kills ended first, then let every live worker finish the plan.
      while (stopped && stopped.to === 0) await new Promise((r) => setTimeout(r, 100));
      const finishing = [...live];
      const codes = await Promise.race([
        Promise.all(finishing.map((w) => w.exited)),
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            const tails = finishing.map((w) => `${w.name} (${w.child.exitCode ?? "running"}):\n${w.output.split("\n").slice(-8).join("\n")}`);
            reject(new Error(`the workers did not finish the plan within 150 s of the last kill; ${emulator.restoreLog.length} restores applied\n${tails.join("\n")}`));
          }, 150_000),
        ),
      ]);
      for (const [n, code] of codes.entries()) expect(code, finishing[n]?.output.slice(-2000)).not.toBeNull();
    } finally {
      for (const w of all) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    }

    const journal = await openPostgresJournal(url);
    let records: ItemRecord[];
    let events: EventRecord[];
    try {
      records = await journal.items("chaos");
      events = await journal.events("chaos");
    } finally {
      await journal.close();
    }
    await emulator.stop();

    // No item applied twice: each item restores its own resource.
    const byTarget = new Map<string, number>();
    for (const r of emulator.restoreLog) byTarget.set(`${r.service}:${r.target}`, (byTarget.get(`${r.service}:${r.target}`) ?? 0) + 1);
    const twice = [...byTarget].filter(([, n]) => n > 1);
    const count = (state: string) => records.filter((r) => r.state === state).length;
    const reclaims = events.filter((e) => e.fate === "reclaimed");
    const reclaimedFrom = new Map<string, number>();
    for (const e of reclaims) reclaimedFrom.set(String((e.detail as { from?: string }).from), (reclaimedFrom.get(String((e.detail as { from?: string }).from)) ?? 0) + 1);
    console.log(`chaos test: leases reclaimed from ${JSON.stringify(Object.fromEntries(reclaimedFrom))}`);
    console.log(
      `chaos test: ${killed} SIGKILLs, ${started} workers started, 1 SIGSTOP of ${stopped?.worker.name} for ${stopped ? stopped.to - stopped.from : 0} ms (lease ${leaseMs} ms); ` +
        `${emulator.restoreLog.length} restores applied for ${items} items, ${twice.length} applied twice; ` +
        `${count("succeeded")} succeeded, ${count("failed")} failed, ${count("in-doubt")} in doubt, ${count("skipped")} skipped; ${reclaims.length} leases reclaimed`,
    );
    expect(killed).toBeGreaterThanOrEqual(kills);
    expect(twice).toEqual([]);
    for (const r of records) {
      expect(["succeeded", "failed", "in-doubt"], `${r.id} ended ${r.state}`).toContain(r.state);
      if (r.state === "failed") expect(r.reason, r.id).toBeTruthy();
      if (r.state === "in-doubt") expect(r.evidence, r.id).toBeTruthy();
    }
    expect(reclaims.length).toBeGreaterThan(0);

    // The paused worker sent nothing for the items it lost while it was stopped: each of its later
    // sends of such an item came only after it had claimed the item back from another worker.
    const pause = stopped as { worker: Worker; from: number; to: number };
    const paused = pause.worker.name;
    const lost = reclaims.filter((e) => (e.detail as { from?: string }).from === paused && e.at.getTime() >= pause.from && e.at.getTime() <= pause.to + leaseMs);
    expect(lost.length, "the paused worker held items when it was stopped, and lost them").toBeGreaterThan(0);
    const lateSends = lost.flatMap((loss) => {
      const after = events.filter((e) => e.itemId === loss.itemId && e.seq > loss.seq);
      const sends = after.filter((e) => e.worker === paused && e.to === "sending");
      return sends.filter((send) => !after.some((e) => e.fate === "reclaimed" && e.worker === paused && e.seq < send.seq));
    });
    expect(lateSends).toEqual([]);
    const lostLines = pause.worker.output.split("\n").filter((l) => /"type":"lease"/.test(l) && /"phase":"lost"/.test(l)).length;
    const fromLive = reclaims.filter((e) => (e.detail as { from?: string }).from === paused).length;
    console.log(`chaos test: the paused worker lost ${lost.length} leases while stopped (${fromLive} in all), reported ${lostLines} lost leases itself, and sent none of those items again`);
    // It noticed: its own events say which leases it lost.
    expect(lostLines).toBeGreaterThan(0);
  }, 300_000);
});
