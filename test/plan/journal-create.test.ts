import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { checkPlan, openPgliteJournal } from "../../src/plan/index.js";

/**
 * The migrations recorded in the database in `directory`, read with PGlite alone (nothing
 * restorekit would complete); none before the first open has migrated it.
 */
async function migrationsIn(directory: string): Promise<number[]> {
  const db = await PGlite.create(directory);
  try {
    const { rows } = await db.query<{ present: boolean }>("SELECT to_regclass('rk_migration') IS NOT NULL AS present");
    if (!rows[0]?.present) return [];
    return (await db.query<{ version: number }>("SELECT version FROM rk_migration ORDER BY version")).rows.map((r) => r.version);
  } finally {
    await db.close();
  }
}

/** The PIDs of the creating processes whose work directories are beside `name` in `parent`. */
const creators = (parent: string, name: string) =>
  readdirSync(parent)
    .filter((entry) => entry.startsWith(`${name}.creating-`))
    .map((entry) => Number(entry.slice(name.length + ".creating-".length)));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const child = resolve(import.meta.dirname, "../support/open-journal-child.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts opening (so creating) the journal in a child process and kills it `killAfterMs` after
 * the work directory of its initdb process appears; that process, orphaned, runs to its end.
 */
async function killWhileCreating(parent: string, directory: string, killAfterMs: number): Promise<"killed" | "finished"> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, directory], { stdio: "ignore" });
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  const name = directory.slice(parent.length + 1);
  while (!done && creators(parent, name).length === 0) await sleep(10);
  await sleep(killAfterMs);
  proc.kill("SIGKILL");
  return (await exited) === null ? "killed" : "finished";
}

describe("creating the embedded journal", () => {
  it("a process killed while creating it leaves no half-made journal: the next run creates or opens a whole one", async () => {
    const parent = mkdtempSync(join(tmpdir(), "restorekit-journal-create-"));
    const directory = join(parent, "drill.journal");
    const outcomes: string[] = [];
    for (const killAfterMs of [0, 400, 1200, 2000]) {
      outcomes.push(await killWhileCreating(parent, directory, killAfterMs));
      // Whatever the moment, the journal's own directory is absent, or a whole database whose
      // migrations are applied in order (those not yet applied run at the next open).
      if (existsSync(directory)) {
        const applied = await migrationsIn(directory);
        expect(applied).toEqual(migrations.slice(0, applied.length).map((m) => m.version));
      }
    }
    expect(outcomes.filter((o) => o === "killed").length).toBeGreaterThanOrEqual(2);
    // The orphaned initdb processes finish on their own; the next open clears what they leave.
    while (creators(parent, "drill.journal").some(alive)) await sleep(50);
    const journal = await openPgliteJournal(directory);
    try {
      const doc = { name: "drill", cloud: "otc", region: "eu-de", projectId: "p", restores: [{ id: "a", service: "vbs", backupId: "b", restore: { volume_id: "v" } }] };
      expect(await journal.register(checkPlan(doc), doc)).toEqual({ created: true, added: [] });
      expect((await journal.items("drill")).map((i) => i.state)).toEqual(["pending"]);
    } finally {
      await journal.close();
    }
    // The killed creators' work directories are gone; only the journal remains.
    expect(readdirSync(parent)).toEqual(["drill.journal"]);
    expect((await migrationsIn(directory)).length).toBe(migrations.length);
  }, 120_000);

  it("an initdb that fails says where and why, and leaves no work directory", async () => {
    const parent = mkdtempSync(join(tmpdir(), "restorekit-journal-fail-"));
    writeFileSync(join(parent, "not-a-directory"), "");
    const directory = join(parent, "not-a-directory", "drill.journal");
    await expect(openPgliteJournal(directory)).rejects.toThrow(new RegExp(`^cannot create the plan journal in ${directory.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: initdb exited with 1: .+`));
    expect(readdirSync(parent)).toEqual(["not-a-directory"]);
  }, 60_000);
});
