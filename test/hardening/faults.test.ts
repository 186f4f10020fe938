import { afterAll, describe, expect, it } from "vitest";
import type { Fault } from "../../src/emulator/index.js";
import {
  AbortedError,
  ConnectionError,
  MalformedResponseError,
  RateLimitError,
  type RequestFate,
  RestoreKitError,
  ServerError,
  TimeoutError,
} from "../../src/index.js";
import { emulatorWithClient } from "../support/emulator-client.js";

interface FaultCase {
  readonly name: string;
  readonly faults: readonly Fault[];
  readonly expected: "success" | (new (...args: never[]) => Error);
  readonly attempts: number;
  readonly applied: number;
  /** The fate the error reports; none on success. */
  readonly fate?: RequestFate;
  readonly abortAfterMs?: number;
}

/** The restore POST under every injected fault, with the default (safe) retry policy. */
const cases: readonly FaultCase[] = [
  { name: "connection reset before processing", faults: [{ kind: "reset" }], expected: ConnectionError, fate: "unknown", attempts: 1, applied: 0 },
  { name: "connection reset after the restore was applied", faults: [{ kind: "resetAfterApply" }], expected: ConnectionError, fate: "unknown", attempts: 1, applied: 1 },
  { name: "timeout (answer slower than timeoutMs)", faults: [{ kind: "latency", ms: 600 }], expected: TimeoutError, fate: "unknown", attempts: 1, applied: 1 },
  { name: "slow body beyond timeoutMs", faults: [{ kind: "slowBody", ms: 800 }], expected: TimeoutError, fate: "accepted", attempts: 1, applied: 1 },
  { name: "malformed JSON in the 202 answer", faults: [{ kind: "malformedJson" }], expected: MalformedResponseError, fate: "accepted", attempts: 1, applied: 1 },
  { name: "429 with Retry-After: 1, once", faults: [{ kind: "status", status: 429, retryAfter: "1" }], expected: "success", attempts: 2, applied: 1 },
  { name: "503 with Retry-After (HTTP date), once", faults: [{ kind: "status", status: 503, retryAfter: "DATE" }], expected: "success", attempts: 2, applied: 1 },
  { name: "429 three times (maxRetries 2)", faults: [0, 1, 2].map(() => ({ kind: "status", status: 429, retryAfter: "0" }) as const), expected: RateLimitError, fate: "refused", attempts: 3, applied: 0 },
  { name: "500 on the restore POST", faults: [{ kind: "status", status: 500 }], expected: ServerError, fate: "unknown", attempts: 1, applied: 0 },
  { name: "502 on the restore POST", faults: [{ kind: "status", status: 502 }], expected: ServerError, fate: "unknown", attempts: 1, applied: 1 },
  { name: "504 on the restore POST", faults: [{ kind: "status", status: 504 }], expected: ServerError, fate: "unknown", attempts: 1, applied: 1 },
  { name: "abort in the middle of a backoff", faults: [{ kind: "status", status: 429, retryAfter: "5" }], expected: AbortedError, fate: "refused", attempts: 1, applied: 0, abortAfterMs: 150 },
];

const table: string[] = [];

describe("fault suite: a VBS restore under each fault the emulator injects", () => {
  afterAll(() => {
    console.log(["| fault | attempts | outcome | fate | restores applied |", "|---|---|---|---|---|", ...table].join("\n"));
  });

  for (const c of cases) {
    it(`${c.name}: ${c.expected === "success" ? "succeeds" : c.expected.name}, ${c.attempts} attempt(s), applied ${c.applied}×`, async () => {
      let attempts = 0;
      const { emulator, rk } = await emulatorWithClient({ restoreDurationMs: 60_000 }, { timeoutMs: 300, onRequest: () => attempts++ });
      try {
        for (const fault of c.faults) {
          const resolved = fault.kind === "status" && fault.retryAfter === "DATE" ? { ...fault, retryAfter: new Date(Date.now() + 1000).toUTCString() } : fault;
          emulator.faults.add({ route: "vbs.restoreBackup", times: 1, fault: resolved });
        }
        const controller = new AbortController();
        if (c.abortAfterMs) setTimeout(() => controller.abort(new Error("aborted by the operator")), c.abortAfterMs);
        const started = Date.now();
        const outcome = await rk.vbs
          .restoreBackup(
            { backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } },
            { signal: controller.signal },
          )
          .then(
            () => "success" as const,
            (e: unknown) => e,
          );
        // Faults after processing apply the restore while the client has already given up.
        await new Promise((r) => setTimeout(r, 400));
        if (c.expected === "success") expect(outcome).toBe("success");
        else expect(outcome).toBeInstanceOf(c.expected);
        if (c.abortAfterMs) expect(Date.now() - started).toBeLessThan(1000);
        const applied = emulator.restoreLog.filter((r) => r.target === "2748f2f2-4394-4e6e-af8d-8dd34496c024").length;
        expect(applied).toBe(c.applied);
        expect(applied).toBeLessThanOrEqual(1);
        expect(attempts).toBe(c.attempts);
        const fate = outcome instanceof RestoreKitError ? outcome.fate : undefined;
        expect(fate).toBe(c.fate);
        // Whatever the fate, it never claims less than happened: an applied restore is never "not-sent" or "refused".
        if (applied > 0) expect(["unknown", "accepted", undefined]).toContain(fate);
        table.push(`| ${c.name} | ${attempts} | ${outcome === "success" ? "success" : (outcome as Error).name} | ${fate ?? "(accepted)"} | ${applied} |`);
      } finally {
        await emulator.stop();
      }
    });
  }
});
