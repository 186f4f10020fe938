import type { RestoreDuration } from "./durations.js";
import type { EmulatorFixtures } from "./fixtures.js";
import type { RateLimit } from "./rate-limit.js";

/** Credentials the emulator accepts. They are emulator-only values, printed at start. */
export interface EmulatorCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly domain: string;
  readonly user: string;
  readonly password: string;
  readonly projectId: string;
}

/** One injected failure. */
export type Fault =
  | { readonly kind: "latency"; readonly ms: number }
  /** 429 and 503 (and 500) refuse the request before it is processed; 502 and 504 answer after the restore was applied. */
  | { readonly kind: "status"; readonly status: 429 | 500 | 502 | 503 | 504; readonly retryAfter?: string }
  /** Destroys the connection before the request is processed. */
  | { readonly kind: "reset" }
  /** Applies the restore, then destroys the connection without answering. */
  | { readonly kind: "resetAfterApply" }
  /** Sends the status and headers, then the body slowly over `ms`. */
  | { readonly kind: "slowBody"; readonly ms: number }
  /** Answers the documented status with a truncated JSON body. */
  | { readonly kind: "malformedJson" }
  /** Accepts the restore, which then ends in the service's failure state with `reason`. */
  | { readonly kind: "restoreFails"; readonly reason?: string };

/** The faults that take no parameters may be named by kind alone: `"fault": "reset"`. */
export type FaultKindWithoutParameters = "reset" | "resetAfterApply" | "malformedJson" | "restoreFails";

/** When a fault applies: to a route (`cbr.restoreBackup`, `iam.createToken`, `*`), the next `times` requests or at `rate`. */
export interface FaultRule {
  readonly route?: string;
  /** An integer of at least 1; default: every request. */
  readonly times?: number;
  /** From 0 to 1, drawn with the emulator's seed. */
  readonly rate?: number;
  readonly fault: Fault | FaultKindWithoutParameters;
}

export interface EmulatorOptions {
  /** Default 4010; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The state to start from: an object, or the path of a JSON file. Default: the built-in sample. */
  readonly fixtures?: EmulatorFixtures | string;
  /** Seeds IDs, durations and rate-based faults, so that runs repeat. */
  readonly seed?: number;
  /**
   * How long a restore takes: a fixed time; a range drawn uniformly (`{ min, max }` or
   * `{ distribution: "uniform", minMs, maxMs }`); or `{ distribution: "lognormal", medianMs,
   * p95Ms, maxMs? }`. Default 3 s. Each restore's duration is in `restoreLog`.
   */
  readonly restoreDurationMs?: RestoreDuration;
  /**
   * A token bucket per project and service endpoint (`cbr`, `csbs`, `vbs`, `evs`, `rds`; IAM
   * and the control routes are not limited): over it, 429 with `Retry-After` in the service's
   * error shape, before the request is processed. Default `{ requestsPerSecond: 10, burst: 20 }`;
   * `false` turns it off.
   */
  readonly rateLimit?: RateLimit | false;
  /**
   * Adds `scale` generated servers (with their disks), disk-only volumes, CBR, CSBS and VBS
   * backups and RDS instances to the fixtures (see `generateFixtures`), seeded by `seed`.
   */
  readonly scale?: number;
  /** Token lifetime; default 24 hours. */
  readonly tokenTtlMs?: number;
  readonly credentials?: Partial<EmulatorCredentials>;
  readonly faults?: readonly FaultRule[];
  /** Receives one JSON line per request, credentials redacted. */
  readonly log?: (line: string) => void;
  /** The longest a request may take to arrive, headers and body; a slower client is cut off. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** The emulator's clock (signature skew, restorable windows, expiry). */
  readonly clock?: () => number;
  /**
   * Also serve the ECS metadata service's `GET /openstack/latest/securitykey` (temporary
   * credentials the emulator then accepts, valid `ttlMs`, default 1 hour), to this machine only.
   * Off by default; refused unless the emulator listens on a loopback address.
   */
  readonly ecsMetadata?: boolean | { readonly ttlMs?: number };
}
