import type { EmulatorFixtures } from "./fixtures.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? Mutable<U>[] : T[K] extends object ? Mutable<T[K]> : T[K] };

export type Server = Mutable<EmulatorFixtures["servers"][number]>;
export type Volume = Mutable<EmulatorFixtures["volumes"][number]>;
export type CbrBackup = Mutable<EmulatorFixtures["cbrBackups"][number]> & { updatedAt?: string };
export type CsbsItem = Mutable<EmulatorFixtures["csbsCheckpoints"][number]["items"][number]> & { checkpointId: string; failReason?: string };
export type VbsBackup = Mutable<EmulatorFixtures["vbsBackups"][number]>;
export type RdsInstance = Mutable<EmulatorFixtures["rdsInstances"][number]> & { status: string };
export type Agency = NonNullable<EmulatorFixtures["agencies"]>[number];

export interface RdsJob {
  id: string;
  name: string;
  instanceId: string;
  instanceName: string;
  status: "Running" | "Completed" | "Failed";
  created: string;
  ended?: string;
  failReason?: string;
  /** When it started and when it ends (UTC milliseconds), for the task list's progress and planned end. */
  startedAt: number;
  finishesAt: number;
}

/** One entry of CBR's task list: a restore, from when it is accepted until it ends. */
export interface CbrOpLog {
  readonly id: string;
  readonly projectId: string;
  readonly providerId: string;
  readonly requestId: string;
  readonly backup: { readonly id: string; readonly name: string };
  /** The backed-up resource. */
  readonly resource: { readonly id: string; readonly name: string; readonly type: string };
  /** The resource restored to. */
  readonly target: { readonly id: string; readonly name: string };
  readonly startedAt: number;
  readonly finishesAt: number;
  status: "running" | "success" | "failed";
  endedAt?: number;
  failReason?: string;
}

/** One accepted restore. The log lets tests prove that a restore was applied at most once. */
export interface RestoreRecord {
  readonly seq: number;
  readonly service: "cbr" | "csbs" | "vbs" | "rds";
  readonly operationId: string;
  readonly requestId: string;
  readonly at: number;
  readonly projectId: string;
  /** The restored resource: backup, checkpoint item, disk or instance ID. */
  readonly target: string;
  readonly body: unknown;
  /** When the restore ends (accepted time + duration), and how. */
  readonly finishesAt: number;
  /** How long it takes, drawn from `restoreDurationMs`. */
  readonly durationMs: number;
  readonly outcome: "succeeds" | "fails";
}

/** The emulator's live model, by ID. Tests read it; handlers change it. */
export class EmulatorState {
  readonly servers = new Map<string, Server>();
  readonly volumes = new Map<string, Volume>();
  readonly cbrBackups = new Map<string, CbrBackup>();
  readonly csbsItems = new Map<string, CsbsItem>();
  readonly csbsCheckpoints = new Map<string, string[]>();
  readonly vbsBackups = new Map<string, VbsBackup>();
  readonly rdsInstances = new Map<string, RdsInstance>();
  readonly rdsJobs = new Map<string, RdsJob>();
  readonly cbrOpLogs: CbrOpLog[] = [];
  /** Servers a whole-server restore (CBR or CSBS) is writing to, with how many. */
  readonly busyServers = new Map<string, number>();
  readonly restoreLog: RestoreRecord[] = [];
  /** The agencies callers may act as (`iam.createTemporaryAccessKeyByAgency`). */
  readonly agencies: readonly Agency[];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** When each resource's status last changed; fixtures last changed a day before the model was made. */
  readonly #changedAt = new WeakMap<object, number>();
  readonly #loadedAt = Date.now();
  private disposed = false;

  constructor(fixtures: EmulatorFixtures) {
    this.agencies = (fixtures.agencies ?? []).map((a) => ({ ...a }));
    for (const s of fixtures.servers) this.servers.set(s.id, { ...s, volumeIds: [...s.volumeIds] });
    for (const v of fixtures.volumes) this.volumes.set(v.id, { ...v });
    for (const b of fixtures.cbrBackups) this.cbrBackups.set(b.id, { ...b, children: b.children.map((c) => ({ ...c })) });
    for (const c of fixtures.csbsCheckpoints) {
      this.csbsCheckpoints.set(c.id, c.items.map((i) => i.id));
      for (const i of c.items) this.csbsItems.set(i.id, { ...i, checkpointId: c.id, volumeBackups: i.volumeBackups.map((v) => ({ ...v })) });
    }
    for (const b of fixtures.vbsBackups) this.vbsBackups.set(b.id, { ...b });
    for (const i of fixtures.rdsInstances) {
      this.rdsInstances.set(i.id, { ...i, restorableWindow: { ...i.restorableWindow }, backupIds: [...i.backupIds], status: "ACTIVE" });
    }
  }

  /** Sets a resource's status and records when it changed (its `updated_at`). */
  setStatus<R extends { status: string }>(resource: R, status: R["status"], now: number): void {
    resource.status = status;
    this.#changedAt.set(resource, now);
  }

  /** When a resource last changed, in UTC milliseconds. */
  updatedAt(resource: object): number {
    return this.#changedAt.get(resource) ?? this.#loadedAt - 86_400_000;
  }

  /** Runs `finish` after `ms`; cancelled by `dispose()`, and never scheduled after it. */
  later(ms: number, finish: () => void): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      finish();
    }, ms);
    this.timers.add(timer);
  }

  /** Marks a server as being restored to (`+1`) or one restore of it as ended (`-1`). */
  serverBusy(id: string, change: 1 | -1): void {
    const count = (this.busyServers.get(id) ?? 0) + change;
    if (count > 0) this.busyServers.set(id, count);
    else this.busyServers.delete(id);
  }

  record(entry: Omit<RestoreRecord, "seq">): RestoreRecord {
    const record = { ...entry, seq: this.restoreLog.length + 1 };
    this.restoreLog.push(record);
    return record;
  }

  /** A snapshot for `GET /__emulator/state`. */
  toJSON(): Record<string, unknown> {
    const list = <T>(m: Map<string, T>) => [...m.values()];
    return {
      servers: list(this.servers),
      volumes: list(this.volumes),
      cbrBackups: list(this.cbrBackups),
      csbsItems: list(this.csbsItems),
      vbsBackups: list(this.vbsBackups),
      rdsInstances: list(this.rdsInstances),
      rdsJobs: list(this.rdsJobs),
      cbrOpLogs: this.cbrOpLogs,
      restoreLog: this.restoreLog,
      agencies: this.agencies,
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
