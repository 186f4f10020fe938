import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorFixtures, startEmulator } from "../../src/emulator/index.js";
import { openPgliteJournal, settledStates } from "../../src/plan/index.js";
import { cliPath } from "../support/run-cli.js";

const items = 200;
const kills = 20;

/** Fixtures with `n` disks, each with a VBS backup of its own. */
function diskFixtures(n: number): EmulatorFixtures {
  const volumes = Array.from({ length: n }, (_, i) => ({ id: `vol-${i}`, name: `disk-${i}`, sizeGb: 10, status: "available" }));
  return { servers: [], volumes, cbrBackups: [], csbsCheckpoints: [], vbsBackups: volumes.map((v, i) => ({ id: `bak-${i}`, volumeId: v.id, status: "available" })), rdsInstances: [] };
}

let emulator: Emulator;
let dir: string;
let planPath: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 21, fixtures: diskFixtures(items), restoreDurationMs: { min: 500, max: 4000 } });
  dir = mkdtempSync(join(tmpdir(), "restorekit-crash-"));
  planPath = join(dir, "crash.json");
  const restores = Array.from({ length: items }, (_, i) => ({ id: `disk-${i}`, service: "vbs", backupId: `bak-${i}`, restore: { volume_id: `vol-${i}` } }));
  writeFileSync(planPath, JSON.stringify({ cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores }));
});
afterAll(() => emulator?.stop());

/** Runs `plan apply` in a child process; kills it with SIGKILL after `killAfterMs`, if given. */
function apply(killAfterMs?: number): Promise<number | null> {
  const env = { PATH: process.env.PATH ?? "", HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk };
  const child: ChildProcess = spawn(process.execPath, [cliPath, "plan", "apply", planPath, "--endpoint", emulator.url, "--json"], { env, stdio: "ignore" });
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe("crash safety: plan apply killed with SIGKILL again and again", () => {
  it(`${kills} kills at random moments, then a run to the end: no restore applied twice, every item settled`, async () => {
    let killed = 0;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (killed < kills) {
      const code = await apply(300 + Math.floor(random() * 2500));
      if (code === null) killed++;
      else break; // the run finished before the kill
    }
    for (let runs = 0; runs < 5; runs++) {
      const code = await apply();
      if (code !== 130) break;
    }
    const journal = await openPgliteJournal(join(dir, "crash.journal"));
    try {
      const records = await journal.items("crash");
      const byTarget = new Map<string, number>();
      for (const r of emulator.restoreLog) byTarget.set(r.target, (byTarget.get(r.target) ?? 0) + 1);
      const twice = [...byTarget].filter(([, n]) => n > 1);
      const inDoubt = records.filter((r) => r.state === "in-doubt");
      console.log(`crash test: ${killed} SIGKILLs; ${emulator.restoreLog.length} restores applied for ${items} items; ${records.filter((r) => r.state === "succeeded").length} succeeded, ${records.filter((r) => r.state === "failed").length} failed, ${inDoubt.length} in doubt`);
      expect(killed).toBeGreaterThanOrEqual(kills);
      expect(twice).toEqual([]);
      expect(records.every((r) => settledStates.has(r.state))).toBe(true);
      for (const r of records.filter((x) => x.state === "failed")) expect(r.reason).toBeTruthy();
      for (const r of inDoubt) expect(r.evidence).toBeTruthy();
    } finally {
      await journal.close();
    }
  }, 600_000);
});
