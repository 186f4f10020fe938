import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import { AbortedError, RestoreFailedError, type WaitProgress, WaitTimeoutError } from "../../src/index.js";
import { type ServiceKey, emulatorWithClient, restores } from "../support/emulator-client.js";

const fast = { firstDelayMs: 50, minDelayMs: 50, maxDelayMs: 100, confirmAfterMs: 0 };

/** Starts the service's example restore and waits for it with `options`. */
async function startAndWait(service: ServiceKey, rk: Parameters<(typeof restores)[ServiceKey]["start"]>[0], options: object) {
  const r = restores[service];
  const accepted = await r.start(rk);
  const jobId = service === "rds" ? (accepted as { job_id: string }).job_id : "";
  return (r.wait as (rk: unknown, o: object, id?: string) => Promise<unknown>)(rk, options, jobId);
}

const statusOf = (state: unknown): string => {
  const inner = Object.values(state as Record<string, { status: string }>)[0];
  return inner?.status ?? "";
};

describe.each(Object.keys(restores) as ServiceKey[])("%s waiter", (service) => {
  const r = restores[service];

  it("resolves with the final state once the restore has really finished, and reports progress", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 400 });
    try {
      const progress: WaitProgress[] = [];
      const started = Date.now();
      const final = await startAndWait(service, rk, { ...fast, onProgress: (p: WaitProgress) => progress.push(p) });
      expect(statusOf(final)).toBe(r.finalStatus);
      const record = emulator.restoreLog[0];
      expect(record).toBeDefined();
      // Not before the restore finished, and not long after.
      expect(Date.now()).toBeGreaterThanOrEqual((record?.finishesAt ?? 0) - 5);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.at(-1)?.status).toBe(r.finalStatus);
    } finally {
      await emulator.stop();
    }
  });

  it("throws RestoreFailedError with the documented failure state", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 200, faults: [{ route: r.route, fault: { kind: "restoreFails", reason: "disk backup corrupted" } }] });
    try {
      const error = await startAndWait(service, rk, fast).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestoreFailedError);
      expect((error as RestoreFailedError).status).toBe(r.failedStatus);
      if (service === "rds" || service === "csbs") expect((error as RestoreFailedError).reason).toBe("disk backup corrupted");
    } finally {
      await emulator.stop();
    }
  });

  it("throws WaitTimeoutError after maxWaitMs, leaving the restore running", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 60_000 });
    try {
      const started = Date.now();
      const error = await startAndWait(service, rk, { ...fast, maxWaitMs: 400 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(Date.now() - started).toBeLessThan(1500);
      expect((error as WaitTimeoutError).reads).toBeGreaterThan(1);
    } finally {
      await emulator.stop();
    }
  });

  it("stops at once when aborted: AbortedError with the signal's reason, fate accepted", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 60_000 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("operator cancelled")), 200);
      const started = Date.now();
      const error = await startAndWait(service, rk, { ...fast, signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AbortedError);
      expect(((error as AbortedError).reason as Error).message).toBe("operator cancelled");
      expect((error as AbortedError).fate).toBe("accepted");
      expect((error as Error).message).toContain("operator cancelled");
      expect(Date.now() - started).toBeLessThan(600);
    } finally {
      await emulator.stop();
    }
  });

  it("absorbs transient read errors (429, 503, 500, reset) within the budget", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 500 }, { maxRetries: 0 });
    try {
      emulator.faults.add({ route: r.read, times: 1, fault: { kind: "status", status: 429, retryAfter: "0" } });
      emulator.faults.add({ route: r.read, times: 1, fault: { kind: "status", status: 503 } });
      emulator.faults.add({ route: r.read, times: 1, fault: { kind: "status", status: 500 } });
      emulator.faults.add({ route: r.read, times: 1, fault: { kind: "reset" } });
      const transient: string[] = [];
      const final = await startAndWait(service, rk, { ...fast, onProgress: (p: WaitProgress) => p.transientError && transient.push(p.transientError) });
      expect(statusOf(final)).toBe(r.finalStatus);
      expect(transient.length).toBe(4);
      expect(emulator.restoreLog).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  });
});

describe("{ wait } on a restore method", () => {
  it("starts the restore and resolves with { accepted, final } when it has finished", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 300 });
    try {
      const { accepted, final } = await rk.rds.restoreToExistingInstance(
        { source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: 1532001446987 }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } },
        { wait: fast },
      );
      expect(final.job.id).toBe(accepted.job_id);
      expect(final.job.status).toBe("Completed");
    } finally {
      await emulator.stop();
    }
  });
});

describe("RDS: a job that is not readable yet", () => {
  it("waits out a 404 in the first seconds (the page says new jobs take seconds to appear)", async () => {
    const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 300 });
    try {
      const { job_id } = await restores.rds.start(rk);
      assert(job_id, "the emulator answers with a job_id");
      // The first reads answer 404, as if the job did not exist yet.
      const job = emulator.state.rdsJobs.get(job_id);
      emulator.state.rdsJobs.delete(job_id);
      setTimeout(() => emulator.state.rdsJobs.set(job_id, job as never), 150);
      const final = await rk.rds.waitForJob(job_id, fast);
      expect(final.job.status).toBe("Completed");
    } finally {
      await emulator.stop();
    }
  });
});
