import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planCommandLine } from "../../src/cli/plan-apply.js";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { type CliResult, runCli } from "../support/run-cli.js";

/**
 * `plan pause|resume|cancel` on an embedded journal (a directory), through the built CLI: the
 * exact line each prints, what a cancel skips, what is refused, and that a journal URL's password
 * shows in no message.
 */
let emulator: Emulator;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 5, restoreDurationMs: 2500 });
  dir = mkdtempSync(join(tmpdir(), "restorekit-plan-control-"));
  env = { HUAWEICLOUD_SDK_AK: emulator.credentials.ak, HUAWEICLOUD_SDK_SK: emulator.credentials.sk, HUAWEICLOUD_SDK_PROJECT_ID: emulator.credentials.projectId };
});
afterAll(() => emulator.stop());

const db = (n: number) => ({
  id: `db${n}`,
  service: "rds",
  source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: "2018-07-19T11:57:26Z" },
  target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" },
  ...(n ? { after: [`db${n - 1}`] } : {}),
});

function planFile(name: string, items: number): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ cloud: "otc", region: "eu-de", restores: Array.from({ length: items }, (_, n) => db(n)) }));
  return file;
}

type Event = { type: string; phase?: string; item?: string; to?: string };
const events = (out: string): Event[] => out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Event);
const sent = (plan: string) => emulator.restoreLog.length - (baseline.get(plan) ?? 0);
const baseline = new Map<string, number>();

/** `plan apply --json`, Ctrl-C once `until` holds of its events. */
function applyUntil(file: string, until: (e: Event[]) => boolean, extra: readonly string[] = []): Promise<CliResult> {
  return runCli(["plan", "apply", file, "--endpoint", emulator.url, "--json", ...extra], env, (out, kill) => {
    const complete = out.slice(0, out.lastIndexOf("\n") + 1);
    if (complete && until(events(complete))) kill();
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("restorekit plan pause, resume and cancel (embedded journal)", () => {
  it("each prints its one exact line; a cancel skips every item not yet sent; a cancelled run cannot be resumed", async () => {
    const file = planFile("ctl", 3);
    baseline.set("ctl", emulator.restoreLog.length);
    // A run that sent db0 (db1 and db2 wait for it), stopped with Ctrl-C.
    const first = await applyUntil(file, (e) => e.some((x) => x.type === "item" && x.item === "db0" && (x.to === "accepted" || x.to === "waiting")));
    expect(first.code).toBe(130);
    expect(sent("ctl")).toBe(1);

    const pause = await runCli(["plan", "pause", file], env);
    expect(pause).toMatchObject({ code: 0, stderr: "" });
    expect(pause.stdout).toBe("plan ctl paused: workers send nothing new from their next heartbeat; restores already sent are followed to their end\n");
    expect((await runCli(["plan", "pause", file], env)).stdout).toBe(
      "plan ctl was already paused: workers send nothing new from their next heartbeat; restores already sent are followed to their end\n",
    );
    const paused = await runCli(["plan", "status", file], env);
    expect(paused.stdout).toMatch(/^ {2}paused at \S+ by cli@[^:]+:\d+: workers send nothing new; restores already sent are followed to their end$/m);
    expect(JSON.parse((await runCli(["plan", "status", file, "--json"], env)).stdout)).toMatchObject({ control: "pause" });

    const resume = await runCli(["plan", "resume", file, "--json"], env);
    expect(resume.code).toBe(0);
    expect(JSON.parse(resume.stdout)).toEqual({ before: "pause", after: "run", skipped: [] });
    expect((await runCli(["plan", "resume", file], env)).stdout).toBe("plan ctl was not paused: its workers go on sending\n");

    const cancel = await runCli(["plan", "cancel", file], env);
    expect(cancel).toMatchObject({ code: 0, stderr: "" });
    expect(cancel.stdout).toBe("plan ctl cancelled: 2 items not yet sent were skipped; restores already sent are followed to their end; a cancelled run cannot be resumed\n");
    const status = JSON.parse((await runCli(["plan", "status", file, "--json"], env)).stdout) as { control: string; items: { id: string; state: string; reason: string | null; leaseOwner: string | null }[] };
    expect(status.control).toBe("cancel");
    expect(status.items.map((i) => [i.id, i.state, i.reason])).toEqual([
      ["db0", expect.stringMatching(/^(accepted|waiting)$/), null],
      ["db1", "skipped", "cancelled by the operator"],
      ["db2", "skipped", "cancelled by the operator"],
    ]);
    expect(status.items.every((i) => "leaseOwner" in i)).toBe(true);
    const text = (await runCli(["plan", "status", file], env)).stdout;
    expect(text).toMatch(/^ {2}cancelled at \S+ by cli@[^:]+:\d+: nothing more is sent; restores already sent are followed to their end$/m);
    expect(text).toMatch(/^ {2}db1 skipped: cancelled by the operator$/m);

    const again = await runCli(["plan", "resume", file], env);
    expect(again).toEqual({ code: 2, stdout: "", stderr: "restorekit: the run of the plan ctl was cancelled; a cancelled run cannot be resumed; nothing changed\n" });
    expect((await runCli(["plan", "pause", file], env)).stderr).toBe("restorekit: the run of the plan ctl was cancelled; a cancelled run cannot be paused; nothing changed\n");
    expect((await runCli(["plan", "cancel", file], env)).stdout).toBe("plan ctl was already cancelled; restores already sent are followed to their end\n");

    // The run goes on only to follow db0: nothing skipped is sent.
    const last = await runCli(["plan", "apply", file, "--endpoint", emulator.url], env);
    expect(last.code).toBe(3);
    expect(last.stdout.split("\n")[0]).toBe("plan ctl was cancelled: nothing new is sent; restores already sent are followed to their end");
    expect(sent("ctl")).toBe(1);
    const report = JSON.parse((await runCli(["plan", "report", file, "--format", "json"], env)).stdout) as { controls: { control: string; before: string; by: string }[] };
    expect(report.controls.map((c) => `${c.before}>${c.control}`)).toEqual(["run>pause", "pause>pause", "pause>run", "run>run", "run>cancel", "cancel>cancel"]);
    expect(report.controls.every((c) => /^cli@[^:]+:\d+$/.test(c.by))).toBe(true);
  }, 120_000);

  it("a run paused before apply sends nothing new until it is resumed", async () => {
    const file = planFile("held", 2);
    baseline.set("held", emulator.restoreLog.length);
    // Registers the run: Ctrl-C as soon as it started, before anything could be sent.
    const register = await applyUntil(file, (e) => e.some((x) => x.type === "run" && x.phase === "started"), ["--lease", "1500ms"]);
    expect([0, 3, 130]).toContain(register.code);
    const before = sent("held");
    expect((await runCli(["plan", "pause", file], env)).code).toBe(0);
    // Paused from the start: a few heartbeats go by (progress every second), and nothing is sent.
    const held = await applyUntil(file, (e) => e.filter((x) => x.type === "progress").length >= 3, ["--lease", "1500ms"]);
    expect(held.code).toBe(130);
    expect(held.stderr).toContain(
      `plan held is paused: nothing new is sent until it is resumed; restores already sent are followed to their end. Its journal is embedded, so stop this run (Ctrl-C) to resume it: restorekit plan resume ${file}\n`,
    );
    expect(events(held.stdout).filter((e) => e.type === "item" && e.to === "sending")).toEqual([]);
    expect(sent("held")).toBe(before);
    expect((await runCli(["plan", "resume", file], env)).stdout).toBe("plan held resumed: workers send again from their next heartbeat\n");
    const done = await runCli(["plan", "apply", file, "--endpoint", emulator.url], env);
    expect(done.code).toBe(0);
    expect(sent("held")).toBe(2);
  }, 120_000);

  it("refuses, changing nothing: a plan with no run, --lease under a second, a second apply on an embedded journal, a control while apply runs", async () => {
    const file = planFile("never", 1);
    const none = await runCli(["plan", "pause", file], env);
    expect(none).toEqual({ code: 2, stdout: "", stderr: `restorekit: there is no journal in ${join(dir, "never.journal")}, so no run of the plan never to change; nothing changed\n` });
    expect((await runCli(["plan", "status", file], env)).code).toBe(1);
    expect(() => readFileSync(join(dir, "never.journal"))).toThrow(/ENOENT/);

    const short = await runCli(["plan", "apply", file, "--lease", "900ms"], env);
    expect(short).toMatchObject({ code: 2, stderr: 'restorekit: --lease must be at least 1s (workers renew every third of it), got "900ms"\n' });

    const busy = planFile("busy", 2);
    let asked = false;
    let second: CliResult | undefined;
    let control: CliResult | undefined;
    let status: CliResult | undefined;
    // While one apply runs (two restores of 2.5 s, one after the other): a second apply, a cancel and a status are refused.
    const first = await runCli(["plan", "apply", busy, "--endpoint", emulator.url, "--json"], env, (out, kill) => {
      if (asked || !/"phase":"started"/.test(out)) return;
      asked = true;
      void Promise.all([runCli(["plan", "apply", busy, "--endpoint", emulator.url], env), runCli(["plan", "cancel", busy], env), runCli(["plan", "status", busy], env)]).then(([s, c, st]) => {
        second = s;
        control = c;
        status = st;
        kill();
      });
    });
    expect(first.code).toBe(130);
    expect(second?.code).toBe(2);
    expect(second?.stderr).toMatch(/^restorekit: the journal \S+busy\.journal is in use by plan apply \(process \d+ on \S+, since \S+\): an embedded journal serves one process at a time; nothing was sent \(if no such process runs, remove \S+busy\.journal\.lock\)\n$/);
    expect(control?.code).toBe(2);
    expect(control?.stderr).toMatch(/is in use by plan apply \(process \d+ on .*; nothing changed/);
    // A read would open a second copy of the database's pages: refused too, saying what to do instead.
    expect(status?.code).toBe(2);
    expect(status?.stderr).toMatch(/is in use by plan apply \(process \d+ on .*so it can be read only once that plan apply has ended/);
    // Once it ended, the journal is free again.
    expect((await runCli(["plan", "pause", busy], env)).code).toBe(0);
  }, 120_000);

  it("a journal URL: from --journal or RESTOREKIT_JOURNAL_URL (the flag wins); no message shows its password", async () => {
    const file = planFile("remote", 1);
    const port = await closedPort();
    const secret = "s3cr3t-Pa55";
    const url = `postgres://restorekit:${secret}@127.0.0.1:${port}/drills`;
    for (const args of [["plan", "status", file, "--journal", url], ["plan", "pause", file, "--journal", url, "--json"], ["plan", "apply", file, "--journal", url, "--endpoint", emulator.url]]) {
      const r = await runCli(args, env);
      expect(r.code).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
      expect(r.stderr).toMatch(new RegExp(`^restorekit: cannot open the plan journal at postgres://restorekit:\\*\\*\\*@127\\.0\\.0\\.1:${port}/drills: .*ECONNREFUSED`));
    }
    const fromEnv = await runCli(["plan", "cancel", file], { ...env, RESTOREKIT_JOURNAL_URL: url });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain(`cannot open the plan journal at postgres://restorekit:***@127.0.0.1:${port}/drills`);
    expect(fromEnv.stderr).not.toContain(secret);
    // The flag wins over the environment: the directory is used, and it holds no run.
    const flagWins = await runCli(["plan", "cancel", file, "--journal", join(dir, "elsewhere")], { ...env, RESTOREKIT_JOURNAL_URL: url });
    expect(flagWins.stderr).toBe(`restorekit: there is no journal in ${join(dir, "elsewhere")}, so no run of the plan remote to change; nothing changed\n`);
    const wrong = await runCli(["plan", "status", file], { ...env, RESTOREKIT_JOURNAL_URL: `mysql://root:${secret}@db/x` });
    expect(wrong).toMatchObject({ code: 2, stderr: "restorekit: RESTOREKIT_JOURNAL_URL must be a postgres:// or postgresql:// URL, got mysql://root:***@db/x\n" });
    const empty = await runCli(["plan", "status", file, "--journal", ""], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--journal is empty/);
  }, 60_000);

  it("the command printed to resume opens the same journal, and never prints a password", () => {
    const rest = ["--endpoint", "http://127.0.0.1:4010"];
    const at = (url: string, from: "flag" | "env") => planCommandLine({}, "apply", "/drills/a b.yaml", { kind: "postgres", url, from }, rest);
    expect(planCommandLine({}, "apply", "/drills/a.yaml", { kind: "directory", path: "/drills/a.journal", given: false }, rest)).toEqual({ line: "restorekit plan apply /drills/a.yaml --endpoint http://127.0.0.1:4010" });
    expect(planCommandLine({ npm_command: "exec" }, "status", "/drills/a.yaml", { kind: "directory", path: "/j/x y", given: true })).toEqual({ line: "npx restorekit plan status /drills/a.yaml --journal '/j/x y'" });
    // From the environment: the variable, so that an unset one gives an empty --journal, which is refused.
    expect(at("postgres://rk:s3cr3t@db:5432/drills", "env")).toEqual({ line: `restorekit plan apply '/drills/a b.yaml' --journal "$RESTOREKIT_JOURNAL_URL" --endpoint http://127.0.0.1:4010` });
    expect(at("postgres://rk@db:5432/drills", "flag")).toEqual({ line: "restorekit plan apply '/drills/a b.yaml' --journal postgres://rk@db:5432/drills --endpoint http://127.0.0.1:4010" });
    for (const url of ["postgres://rk:s3cr3t@db:5432/drills", "postgresql://rk@db/drills?password=s3cr3t&sslmode=require"]) {
      const printed = at(url, "flag");
      expect(`${printed.line} ${printed.note}`).not.toContain("s3cr3t");
      expect(printed.line).toMatch(/--journal 'postgres(ql)?:\/\/rk(:\*\*\*)?@db[^']*' --endpoint/);
      expect(printed.note).toBe('the journal\'s password is shown as ***: write it in, or export RESTOREKIT_JOURNAL_URL with the whole URL and give --journal "$RESTOREKIT_JOURNAL_URL"');
    }
  });
});
