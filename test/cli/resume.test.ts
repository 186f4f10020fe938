import { afterAll, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/index.js";
import { runCli, shellWords } from "../support/run-cli.js";

/**
 * Picking a restore up again: `status` and `wait` for every service, the command printed after
 * Ctrl-C, a timeout, a run without --wait and an unconfirmed restore, and an operator's whole
 * session. Every command is the built binary against a real emulator.
 */
const ids = {
  vbs: { backup: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", disk: "2748f2f2-4394-4e6e-af8d-8dd34496c024" },
  cbr: { backup: "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10", disk: "2748f2f2-4394-4e6e-af8d-8dd34496c024" },
  csbs: { checkpoint: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09", item: "504b7d59-c361-411f-9ed3-814f35d08e3d", server: "f45c477a-57e5-465f-999f-d845083962db", map: "bc118c24-3234-4afd-8423-d66d3d677649:ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" },
  rds: { instance: "d8e6ca5a624745bcb546a227aa3ae1cfin01", backup: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" },
};

// Each test has an emulator of its own, so that the tests can run at the same time.
const running = new Set<Emulator>();
afterAll(() => Promise.all([...running].map((e) => e.stop())));

async function start(options: EmulatorOptions = {}) {
  const e = await startEmulator({ port: 0, restoreDurationMs: 2500, seed: 7, ...options });
  running.add(e);
  const env = { HUAWEICLOUD_SDK_AK: e.credentials.ak, HUAWEICLOUD_SDK_SK: e.credentials.sk, HUAWEICLOUD_SDK_PROJECT_ID: e.credentials.projectId };
  return { e, env, at: ["--endpoint", e.url] };
}

/** The command printed under an advice line: the indented `restorekit ...` line after it. */
function printedCommand(text: string, advice: RegExp): string[] {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => advice.test(l));
  expect(index, `no line matching ${advice} in:\n${text}`).toBeGreaterThanOrEqual(0);
  const line = lines[index + 1] ?? "";
  expect(line).toMatch(/^ {2}restorekit /);
  const words = shellWords(line.trim());
  expect(words[0]).toBe("restorekit");
  return words.slice(1);
}

const restoreArgs = {
  vbs: ["vbs", "restore", "--backup-id", ids.vbs.backup, "--volume-id", ids.vbs.disk],
  cbr: ["cbr", "restore", "--backup-id", ids.cbr.backup, "--volume-id", ids.cbr.disk],
  csbs: ["csbs", "restore", "--checkpoint-id", ids.csbs.checkpoint, "--checkpoint-item-id", ids.csbs.item, "--server-id", ids.csbs.server, "--map", ids.csbs.map],
  rds: ["rds", "restore", "--instance-id", ids.rds.instance, "--backup-id", ids.rds.backup],
} as const;

describe.concurrent("an operator's session", () => {
  it("starts a restore with --wait, interrupts it, resumes with the printed command, and sees it complete with exit 0; the restore was applied once", async () => {
    const { e, env, at } = await start({ restoreDurationMs: 4000 });
    const first = await runCli([...restoreArgs.vbs, ...at, "--wait"], env, (out, kill) => {
      if (out.includes("restoring-backup after")) kill();
    });
    expect(first.code).toBe(130);
    expect(first.stdout).toMatch(/^accepted: HTTP 202/m);
    expect(first.stderr).toMatch(/^restorekit: interrupted$/m);
    expect(first.stderr).toContain("The restore goes on in the cloud; only the waiting stopped. Resume waiting with:");
    const resume = printedCommand(first.stderr, /Resume waiting with:/);
    expect(resume.slice(0, 2)).toEqual(["vbs", "wait"]);
    expect(resume).toEqual(expect.arrayContaining(["--endpoint", e.url, "--project-id", e.credentials.projectId, "--volume-id", ids.vbs.disk]));
    // Never a credential in the printed command.
    for (const secret of [e.credentials.ak, e.credentials.sk]) expect(first.stdout + first.stderr).not.toContain(secret);
    expect(e.state.volumes.get(ids.vbs.disk)?.status).toBe("restoring-backup");

    const second = await runCli(resume, env);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^finished: .*"status":"available"/m);
    expect(e.restoreLog.filter((r) => r.service === "vbs")).toHaveLength(1);
  });

  it("after a wait that timed out (exit 4), the printed command resumes it; with --json the command is in the document", async () => {
    const { e, env, at } = await start();
    const first = await runCli([...restoreArgs.cbr, ...at, "--wait", "--timeout", "1s", "--json"], env);
    expect(first.code).toBe(4);
    const doc = JSON.parse(first.stdout) as { error: { name: string }; exitCode: number; next: { advice: string; command: string; argv: string[] } };
    expect(doc.error.name).toBe("WaitTimeoutError");
    expect(doc.exitCode).toBe(4);
    expect(doc.next.advice).toMatch(/goes on in the cloud/);
    expect(doc.next.argv.slice(0, 3)).toEqual(["restorekit", "cbr", "wait"]);
    expect(doc.next.command).toBe(doc.next.argv.join(" "));
    expect(printedCommand(first.stderr, /Resume waiting with:/)).toEqual(doc.next.argv.slice(1));
    const second = await runCli([...doc.next.argv.slice(1), "--json"], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ service: "cbr", resource: `backup ${ids.cbr.backup}`, final: { backup: { status: "available" } } });
    expect(e.restoreLog).toHaveLength(1);
  });

  it("Ctrl-C while the restore request is in flight: it may have been applied, so the advice is to check its status, not to resume", async () => {
    const { env, at } = await start({ faults: [{ route: "vbs.restoreBackup", times: 1, fault: { kind: "latency", ms: 5000 } }] });
    const r = await runCli([...restoreArgs.vbs, ...at, "--wait"], env, (out, kill) => {
      if (out.includes("sent: POST")) setTimeout(kill, 200);
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("The restore may have been applied: check its status before sending it again:");
    expect(printedCommand(r.stderr, /check its status/).slice(0, 2)).toEqual(["vbs", "status"]);
  });
});

describe.concurrent("restore without --wait, then status and wait, for every service", () => {
  for (const service of ["cbr", "csbs", "vbs", "rds"] as const) {
    it(`${service}: the printed wait command follows the restore to its end; status reads it before and after`, async () => {
      const { e, env, at } = await start();
      const started = await runCli([...restoreArgs[service], ...at], env);
      expect(started.code).toBe(0);
      const wait = printedCommand(started.stdout, /^To wait for it:$/);
      expect(wait.slice(0, 2)).toEqual([service, "wait"]);
      const status = [service, "status", ...wait.slice(2)];

      const running = await runCli([...status, "--json"], env);
      expect(running.code).toBe(0);
      const before = JSON.parse(running.stdout) as { service: string; resource: string; status: string; outcome: string; state: unknown };
      expect(before).toMatchObject({ service, outcome: "pending" });
      expect(before.status).toMatch(/^(restoring|restoring-backup|Running)$/);

      const waited = await runCli(wait, env);
      expect(waited.code).toBe(0);
      expect(waited.stdout).toMatch(/^finished: /m);

      const done = await runCli(status, env);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(/: (available|Completed): no restore is running/);
      expect(e.restoreLog).toHaveLength(1);
    });
  }

  it("status exits 3 and wait exits 3 when the restore failed, with the service's reason", async () => {
    const { env, at } = await start({ restoreDurationMs: 300, faults: [{ route: "rds.restoreToExistingInstance", fault: { kind: "restoreFails", reason: "binlog gap" } }] });
    const started = await runCli([...restoreArgs.rds, ...at, "--json"], env);
    const { next } = JSON.parse(started.stdout) as { next: { argv: string[] } };
    const wait = await runCli(next.argv.slice(1), env);
    expect(wait.code).toBe(3);
    expect(wait.stderr).toMatch(/failed with status Failed: binlog gap/);
    const status = await runCli(["rds", "status", ...next.argv.slice(3)], env);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/: Failed: the restore failed \(binlog gap\)/);
  });

  it("status and wait of an ID the service does not know: exit 1, the read was refused (nothing to resume)", async () => {
    const { e, env, at } = await start();
    const status = await runCli(["vbs", "status", ...at, "--volume-id", "no-such-disk"], env);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/HTTP 404.*no-such-disk could not be found/);
    // A job the restore just created may take seconds to be readable (a 404 is waited out for 30 s); within --timeout it never was.
    const wait = await runCli(["rds", "wait", ...at, "--job-id", "no-such-job", "--timeout", "2s"], env);
    expect(wait.code).toBe(4);
    expect(wait.stderr).toMatch(/job no-such-job was still unread after 2000 ms .*the last read failed: .*HTTP 404/);
    const bad = await runCli(["cbr", "wait", ...at, "--backup-id", ".."], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^restorekit: --backup-id .*nothing was sent$/m);
    expect(e.restoreLog).toHaveLength(0);
  });
});

describe.concurrent("the attempt that was accepted, after retries", () => {
  it("a 503 retried: --json reports the accepted attempt's status and request id, and the number of attempts; plain output keeps accepted:", async () => {
    const fault = { route: "vbs.restoreBackup", times: 1, fault: { kind: "status", status: 503, retryAfter: "0" } } as const;
    const { e, env, at } = await start({ faults: [fault] });
    const r = await runCli([...restoreArgs.vbs, ...at, "--json"], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { status: number; requestId: string; attempts: number; retries: { attempt: number; reason: string }[] };
    expect(out.status).toBe(202);
    expect(out.attempts).toBe(2);
    expect(out.retries).toEqual([expect.objectContaining({ attempt: 1, reason: "HTTP 503" })]);
    expect(e.restoreLog).toHaveLength(1);
    expect(out.requestId).toBe(e.restoreLog[0]?.requestId);

    const again = await start({ faults: [fault] });
    const plain = await runCli([...restoreArgs.vbs, ...again.at], again.env);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.split("\n");
    const index = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines[index("retrying:")]).toMatch(/^retrying: attempt 1 got HTTP 503; the next one in 0\.0s$/);
    expect(lines[index("accepted:")]).toBe(`accepted: HTTP 202 (request id ${again.e.restoreLog[0]?.requestId}; attempt 2, after HTTP 503)`);
    expect(index("sent:")).toBeLessThan(index("retrying:"));
    expect(index("retrying:")).toBeLessThan(index("accepted:"));
  });

  it("exit 5 after a 502: the restore may have been applied; the printed status command reads it", async () => {
    const { e, env, at } = await start({ faults: [{ route: "vbs.restoreBackup", times: 1, fault: { kind: "status", status: 502 } }] });
    const r = await runCli([...restoreArgs.vbs, ...at], env);
    expect(r.code).toBe(5);
    const status = printedCommand(r.stderr, /check its status before sending it again/);
    expect(status.slice(0, 2)).toEqual(["vbs", "status"]);
    const read = await runCli(status, env);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/restoring-backup: a restore is running/);
    expect(e.restoreLog).toHaveLength(1);
  });

  it("exit 5 after an accepted answer that cannot be read: do not send it again; follow it by the ID the restore named, or say that RDS's job is unknown", async () => {
    const { e, env, at } = await start({
      faults: [
        { route: "vbs.restoreBackup", times: 1, fault: "malformedJson" },
        { route: "rds.restoreToExistingInstance", times: 1, fault: "malformedJson" },
      ],
    });
    const vbs = await runCli([...restoreArgs.vbs, ...at], env);
    expect(vbs.code).toBe(5);
    expect(printedCommand(vbs.stderr, /^The restore was accepted: do not send it again; follow it with:$/).slice(0, 2)).toEqual(["vbs", "wait"]);
    const rds = await runCli([...restoreArgs.rds, ...at, "--wait"], env);
    expect(rds.code).toBe(5);
    expect(rds.stderr).toMatch(/^The restore was accepted: do not send it again\. Its answer named no job to follow; look for it in the console\.$/m);
    expect(e.restoreLog).toHaveLength(2);
  });
});
