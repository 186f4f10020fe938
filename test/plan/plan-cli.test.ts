import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

let emulator: Emulator;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 9, restoreDurationMs: 1500 });
  dir = mkdtempSync(join(tmpdir(), "restorekit-plan-cli-"));
  env = { HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk, HUAWEICLOUD_SDK_PROJECT_ID: emulator.credentials.projectId };
});
afterAll(() => emulator.stop());

const disk = { id: "disk", service: "vbs", backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
const db = { id: "db", service: "rds", source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: "2018-07-19T11:57:26Z" }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } };

function planFile(name: string, restores: object[], extra: object = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ cloud: "otc", region: "eu-de", rtoMinutes: 1, ...extra, restores }));
  return file;
}

describe("restorekit plan", () => {
  it("check: exit 2 and every problem on its own line, naming item, field and rule; nothing sent", async () => {
    const file = planFile("broken", [disk, { ...disk, id: "disk" }, { id: "x", service: "vbs", after: ["ghost"], backupId: "b", restore: {} }]);
    const r = await runCli(["plan", "check", file], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/disk: the id is used by another item \[unique\]/);
    expect(r.stderr).toMatch(/x: after\[0\] names "ghost".*\[unknownItem\]/);
    expect(r.stderr).toMatch(/x: restore\.volume_id is required \[required\]/);
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("apply --json: NDJSON events, exit 0; status and the three reports read the journal", async () => {
    const file = planFile("drill", [db, { ...disk, after: ["db"] }]);
    const r = await runCli(["plan", "apply", file, "--endpoint", emulator.url, "--json"], env);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { type: string; to?: string; item?: string });
    expect(events[0]).toMatchObject({ type: "run", phase: "started" });
    expect(events.filter((e) => e.type === "item" && e.to === "succeeded").map((e) => e.item)).toEqual(["db", "disk"]);
    expect(events.at(-1)).toMatchObject({ type: "run", phase: "finished" });
    const status = await runCli(["plan", "status", file, "--json"], env);
    expect(JSON.parse(status.stdout).counts.succeeded).toBe(2);
    const junit = await runCli(["plan", "report", file, "--format", "junit"], env);
    expect(junit.stdout).toMatch(/<testsuite name="drill" tests="2" failures="\d" errors="0" skipped="0"/);
    const html = join(dir, "drill.html");
    expect((await runCli(["plan", "report", file, "--format", "html", "--output", html], env)).code).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/<h1>Restore plan drill<\/h1>/);
    const json = JSON.parse((await runCli(["plan", "report", file, "--format", "json"], env)).stdout) as { items: { id: string; recoveryMs: number }[] };
    expect(json.items.map((i) => i.id)).toEqual(["db", "disk"]);
  });

  it("Ctrl-C stops new sends and prints how to resume; resuming finishes with each restore applied once", async () => {
    const many = Array.from({ length: 3 }, (_, n) => ({ ...db, id: `db${n}`, ...(n ? { after: [`db${n - 1}`] } : {}) }));
    const file = planFile("interrupted", many);
    const before = emulator.restoreLog.length;
    const first = await runCli(["plan", "apply", file, "--endpoint", emulator.url], env, (out, kill) => {
      if (/db0 succeeded/.test(out)) kill();
    });
    expect(first.code).toBe(130);
    expect(first.stdout).toMatch(/interrupted: nothing new is sent/);
    const resume = /resume with: (restorekit plan apply .*)$/m.exec(first.stdout)?.[1];
    expect(resume).toBe(`restorekit plan apply ${file} --endpoint ${emulator.url}`);
    const second = await runCli((resume as string).split(" ").slice(1), env);
    expect(second.code).toBe(0);
    expect(emulator.restoreLog.length - before).toBe(3);
  });

  it("without the optional journal engine, one line says what to install", async () => {
    const root = mkdtempSync(join(tmpdir(), "restorekit-no-pglite-"));
    const pkg = resolve(import.meta.dirname, "../..");
    mkdirSync(join(root, "node_modules"), { recursive: true });
    cpSync(join(pkg, "dist"), join(root, "dist"), { recursive: true });
    writeFileSync(join(root, "package.json"), readFileSync(join(pkg, "package.json")));
    symlinkSync(join(pkg, "node_modules/openapi-fetch"), join(root, "node_modules/openapi-fetch"));
    const file = planFile("lonely", [disk]);
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, [join(root, "dist/cli.js"), "plan", "apply", file], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("restorekit: the package @electric-sql/pglite is needed for the embedded plan journal: npm install @electric-sql/pglite");
    const yaml = join(dir, "lonely.yaml");
    writeFileSync(yaml, "region: eu-de\nrestores: []\n");
    const y = spawnSync(process.execPath, [join(root, "dist/cli.js"), "plan", "check", yaml], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
    expect(y.stderr.trim()).toBe("restorekit: the package yaml is needed to read a YAML plan (or write the plan in JSON): npm install yaml");
  });
});
