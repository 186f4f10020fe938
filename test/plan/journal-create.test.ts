import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { migrations } from "../../src/plan/journal/migrations/index.js";
import { checkPlan, openPgliteJournal } from "../../src/plan/index.js";

/** The migrations recorded in the database in `directory`, read with PGlite alone (nothing restorekit would complete). */
async function migrationsIn(directory: string): Promise<number[]> {
  const db = await PGlite.create(directory);
  try {
    return (await db.query<{ version: number }>("SELECT version FROM rk_migration ORDER BY version")).rows.map((r) => r.version);
  } finally {
    await db.close();
  }
}

const child = resolve(import.meta.dirname, "../support/open-journal-child.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts creating the journal in a child process and kills it `killAfterMs` after its work directory appears. */
async function killWhileCreating(parent: string, directory: string, killAfterMs: number): Promise<"killed" | "finished"> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, directory], { stdio: "ignore" });
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  const creating = `${directory.slice(parent.length + 1)}.creating-${proc.pid}`;
  while (!done && !existsSync(join(parent, creating))) await sleep(10);
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
      // Whatever the moment, the journal's own directory is absent, or a database with every migration applied.
      if (existsSync(directory)) expect(await migrationsIn(directory)).toEqual(migrations.map((m) => m.version));
    }
    expect(outcomes.filter((o) => o === "killed").length).toBeGreaterThanOrEqual(2);
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
  }, 120_000);
});
