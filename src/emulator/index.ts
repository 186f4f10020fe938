import { setMaxListeners } from "node:events";
import type { AddressInfo } from "node:net";
import { durationSampler } from "./durations.js";
import { FaultInjector } from "./faults.js";
import { type EmulatorFixtures, loadFixtures, sampleFixtures } from "./fixtures.js";
import type { EmulatorCredentials, EmulatorOptions, FaultRule } from "./options.js";
import { seededRandom } from "./random.js";
import { RateLimiter, defaultRateLimit } from "./rate-limit.js";
import { operations } from "./router.js";
import { generateFixtures, mergeFixtures } from "./scale.js";
import { createEmulatorServer } from "./server.js";
import { EmulatorState, type RestoreRecord } from "./state.js";
import { type EmulatorStats, StatsCounter } from "./stats.js";

export type { EmulatorCredentials, EmulatorOptions, Fault, FaultRule, FaultKindWithoutParameters } from "./options.js";
export { FaultRuleError } from "./fault-rule.js";
export { FixturesError } from "./fixtures-check.js";
export type { EmulatorFixtures } from "./fixtures.js";
export type { RestoreRecord, CbrOpLog } from "./state.js";
export type { RestoreDuration } from "./durations.js";
export type { RateLimit } from "./rate-limit.js";
export type { EmulatorStats } from "./stats.js";
export type { GenerateOptions } from "./scale.js";
export { EmulatorState, sampleFixtures, generateFixtures, defaultRateLimit };

export interface Emulator {
  /**
   * A base URL a client on this machine can use, for example `http://127.0.0.1:4010` (for a
   * host of `0.0.0.0` or `::`, the loopback address).
   */
  readonly url: string;
  readonly credentials: EmulatorCredentials;
  /** The live model; tests read it. */
  readonly state: EmulatorState;
  /** Every accepted restore, in order. */
  readonly restoreLog: readonly RestoreRecord[];
  /** Requests and answers per operation, and the rate limit's 429s per service, counted since start. */
  readonly stats: EmulatorStats;
  /** Fault rules; `add` checks a rule and throws `FaultRuleError` naming the field at fault. */
  readonly faults: { add(rule: FaultRule): void; clear(): void; list(): readonly FaultRule[] };
  /** Closes the server, every open connection and every pending timer. */
  stop(): Promise<void>;
}

/** Emulator-only credentials; never valid on a real cloud. */
export const defaultCredentials: EmulatorCredentials = {
  ak: "RKEMULATORACCESSKEY0",
  sk: "restorekit-emulator-secret-key",
  domain: "restorekit-emulator",
  user: "restore-operator",
  password: "emulator-password",
  projectId: "f841e01fd2b14e7fa41b6ae7aa6b0594",
};

/** Starts a local emulator of the four restore APIs, their status reads and IAM's token issuance. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const random = seededRandom(options.seed ?? Date.now());
  const clock = options.clock ?? Date.now;
  const credentials = { ...defaultCredentials, ...options.credentials };
  const duration = durationSampler(options.restoreDurationMs ?? 3000, random);
  const limit = options.rateLimit ?? defaultRateLimit;
  const limiter = limit === false ? undefined : new RateLimiter(limit);
  const stats = new StatsCounter();
  const fixtures = loadFixtures(options.fixtures as EmulatorFixtures | string | undefined);
  const scale = options.scale ?? 0;
  const state = new EmulatorState(scale > 0 ? mergeFixtures(fixtures, generateFixtures({ scale, seed: options.seed ?? 1 })) : fixtures);
  const faults = new FaultInjector(random, operations.map((op) => `${op.service}.${op.operationId}`), options.faults);
  const host = options.host ?? "127.0.0.1";
  const metadata = options.ecsMetadata === true ? {} : options.ecsMetadata || undefined;
  if (metadata && !/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/.test(host)) {
    throw new Error(`startEmulator: ecsMetadata serves credentials, so it needs a loopback host; got ${host}`);
  }
  const metadataTtlMs = metadata ? (metadata.ttlMs ?? 3600_000) : undefined;
  if (metadataTtlMs !== undefined && !(Number.isFinite(metadataTtlMs) && metadataTtlMs >= 1000)) throw new Error("startEmulator: ecsMetadata.ttlMs must be at least 1000");
  const stopping = new AbortController();
  // Every request held by a latency or slow-body fault listens for the stop: many at once are normal, not a leak.
  setMaxListeners(0, stopping.signal);
  const { server, sockets } = createEmulatorServer({
    state,
    credentials,
    faults,
    random,
    clock,
    duration,
    tokenTtlMs: options.tokenTtlMs ?? 24 * 3600_000,
    log: options.log,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    stopping: stopping.signal,
    metadataTtlMs,
    limiter,
    stats,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Listening on every interface includes loopback, which is the address a client on this machine can use.
  const local = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const shownHost = local.includes(":") ? `[${local}]` : local;
  return {
    url: `http://${shownHost}:${port}`,
    credentials,
    state,
    restoreLog: state.restoreLog,
    get stats() {
      return stats.snapshot();
    },
    faults: { add: (r) => faults.add(r), clear: () => faults.clear(), list: () => faults.list() },
    stop: async () => {
      // Nothing in flight is applied from here on: a latency or slow-body fault stops at once.
      stopping.abort(new Error("the emulator stopped"));
      state.dispose();
      const closed = [...sockets].map((socket) => new Promise((resolve) => socket.once("close", resolve)));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await Promise.all(closed);
      // Two turns of the event loop, so that a client in this process has read every connection's
      // end before the port can be reused, and does not send its next request down a dead one.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
