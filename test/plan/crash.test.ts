import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, generateFixtures, startEmulator } from "../../src/emulator/index.js";
import { openPgliteJournal, settledStates } from "../../src/plan/index.js";
import { cliPath } from "../support/run-cli.js";
import { planItems } from "../support/scale-plan.js";

const items = 200;
const kills = 20;

let emulator: Emulator;
let dir: string;
let planPath: string;
beforeAll(async () => {
  // Every service, each behind a tight rate limit (2 requests a second), so that sending lasts
  // long enough for most kills to cut it, and 429s are part of what a restart meets.
  const fixtures = generateFixtures({ scale: 100, seed: 21 });
  emulator = await startEmulator({ port: 0, seed: 21, fixtures, restoreDurationMs: { min: 2000, max: 12000 }, rateLimit: { requestsPerSecond: 2, burst: 4 } });
  dir = mkdtempSync(join(tmpdir(), "restorekit-crash-"));
  planPath = join(dir, "crash.json");
  const restores = planItems(fixtures, { cbr: items / 4, csbs: items / 4, vbs: items / 4, rds: items / 4 });
  writeFileSync(planPath, JSON.stringify({ cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, restores }));
});
afterAll(() => emulator?.stop());

/**
 * Runs `plan apply` in a child process. With `killAfterMs`, kills it with SIGKILL that long after
 * it reports the run started (its journal open, its sends about to begin); with `killAtStartMs`,
 * that long after it was spawned, while it opens its journal.
 */
function apply(kill?: { afterRunStartMs?: number; atStartMs?: number }): Promise<number | null> {
  const env = { PATH: process.env.PATH ?? "", HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk };
  const child: ChildProcess = spawn(process.execPath, [cliPath, "plan", "apply", planPath, "--endpoint", emulator.url, "--json"], { env, stdio: ["ignore", "pipe", "ignore"] });
  let timer: NodeJS.Timeout | undefined;
  if (kill?.atStartMs !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), kill.atStartMs);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += String(chunk);
    if (kill?.afterRunStartMs !== undefined && timer === undefined && /"type":"run".*"phase":"started"/.test(output)) timer = setTimeout(() => child.kill("SIGKILL"), kill.afterRunStartMs);
  });
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
    let killedWhileSending = 0;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while (killed < kills) {
      const before = emulator.restoreLog.length;
      // One kill in five lands while the journal opens; the rest while the plan runs.
      const code = await apply(killed % 5 === 4 ? { atStartMs: Math.floor(random() * 800) } : { afterRunStartMs: Math.floor(random() * 2500) });
      if (code !== null) break; // the run finished before the kill
      killed++;
      if (emulator.restoreLog.length > before && emulator.restoreLog.length < items) killedWhileSending++;
    }
    const appliedBeforeLastRun = emulator.restoreLog.length;
    for (let runs = 0; runs < 5; runs++) {
      const code = await apply();
      if (code !== 130) break;
    }
    const journal = await openPgliteJournal(join(dir, "crash.journal"));
    try {
      const records = await journal.items("crash");
      // Each item restores its own resource: one target appearing twice is one item applied twice.
      const byTarget = new Map<string, number>();
      for (const r of emulator.restoreLog) byTarget.set(`${r.service}:${r.target}`, (byTarget.get(`${r.service}:${r.target}`) ?? 0) + 1);
      const twice = [...byTarget].filter(([, n]) => n > 1);
      const inDoubt = records.filter((r) => r.state === "in-doubt");
      console.log(`crash test: ${killed} SIGKILLs, ${killedWhileSending} of them in runs that sent restores (${appliedBeforeLastRun} restores applied by then); ${emulator.restoreLog.length} restores applied for ${items} items; ${records.filter((r) => r.state === "succeeded").length} succeeded, ${records.filter((r) => r.state === "failed").length} failed, ${inDoubt.length} in doubt (${inDoubt.map((r) => r.service).join(", ")})`);
      expect(killed).toBeGreaterThanOrEqual(kills);
      // Not vacuous: many kills cut runs that were sending restores.
      expect(killedWhileSending).toBeGreaterThanOrEqual(Math.ceil(kills / 3));
      expect(twice).toEqual([]);
      expect(records.every((r) => settledStates.has(r.state))).toBe(true);
      for (const r of records.filter((x) => x.state === "failed")) expect(r.reason).toBeTruthy();
      for (const r of inDoubt) expect(r.evidence).toBeTruthy();
    } finally {
      await journal.close();
    }
  }, 600_000);
});
