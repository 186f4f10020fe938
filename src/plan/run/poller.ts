import { ApiError } from "../../errors/api-error.js";
import type { ItemRecord } from "../journal/journal.js";
import type { PlanService } from "../restore-operations.js";
import type { Followed, RestoreTracking, ServiceCall, StatusRead } from "../tracking.js";
import { DueQueue } from "./due-queue.js";
import type { ItemMover } from "./item-mover.js";

/** A followed restore: what was seen of it. When to read it next is in the poller's due queue. */
interface Schedule {
  readonly service: PlanService;
  sawRunning: boolean;
  reads: number;
  lastError?: string | undefined;
}

const minGapMs = 1000;
/** With nothing else waiting for the service's budget, reads may come this often, at a twentieth of the run time. */
const idleMinGapMs = 500;
const maxGapMs = 15_000;
/** A restore that reads as finished before it was seen running, and not certainly as this restore's, is trusted only after this long. */
const confirmAfterMs = 5000;

/**
 * The gap before the next read: a tenth of how long the restore has run (so a long restore is
 * read less often), shortened when the service reports progress and the end looks near; from
 * 1 s to 15 s, with ±10% jitter so that reads spread out. When nothing else waits for the
 * service's rate budget (`idle`: its restores are all sent), the budget would go unused, and
 * reads come twice as often, from 0.5 s: the last restores of a plan are seen to end sooner.
 */
export function nextGap(elapsedMs: number, progress: number | undefined, idle = false): number {
  let gap = elapsedMs / (idle ? 20 : 10);
  if (progress !== undefined && progress > 0 && progress < 1) gap = Math.min(gap, (elapsedMs * (1 - progress)) / progress / 2);
  return Math.min(maxGapMs, Math.max(idle ? idleMinGapMs : minGapMs, gap)) * (0.9 + Math.random() / 5);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Follows accepted restores to their end with the services' status reads, drawn from the same
 * rate budgets as the sends. Where a service has a list read that covers many restores, one
 * read serves all of that service's restores; the others are read one at a time. Reads are
 * spaced by how long each restore has run and by the progress the service reports. Each item
 * has its own time budget, so no stuck item holds the others. What is due comes from a queue
 * ordered by time, so each pass costs what is due, not a scan of every restore followed.
 */
export class Poller {
  readonly #schedules = new Map<string, Schedule>();
  /** The followed restores of each service. */
  readonly #byService = new Map<PlanService, Set<string>>();
  /** When each restore not being read now is to be read next. */
  readonly #due = new DueQueue<string>();
  readonly #reading = new Set<Promise<void>>();
  readonly #batching = new Set<PlanService>();
  /** An error no read should end in (the journal failed under a move): the run stops. */
  fatal: unknown;

  constructor(
    private readonly mover: ItemMover,
    private readonly calls: Readonly<Record<PlanService, ServiceCall>>,
    private readonly trackings: Readonly<Record<PlanService, RestoreTracking>>,
    /** Whether nothing but these reads waits for the service's rate budget now. */
    private readonly idle: (service: PlanService) => boolean = () => false,
  ) {}

  get inFlight(): number {
    return this.#reading.size;
  }

  /** Restores being followed. */
  get following(): number {
    return this.#schedules.size;
  }

  follow(item: ItemRecord): void {
    if (this.#schedules.has(item.id)) return;
    this.#schedules.set(item.id, { service: item.service, sawRunning: false, reads: 0 });
    let ids = this.#byService.get(item.service);
    if (!ids) this.#byService.set(item.service, (ids = new Set()));
    ids.add(item.id);
    this.#due.schedule(item.id, Date.now() + minGapMs);
  }

  #unfollow(id: string): void {
    const s = this.#schedules.get(id);
    if (!s) return;
    this.#schedules.delete(id);
    this.#byService.get(s.service)?.delete(id);
    this.#due.delete(id);
  }

  /** Reads `id` again in `ms` (unless it is no longer followed). */
  #readIn(id: string, ms: number): void {
    if (this.#schedules.has(id)) this.#due.schedule(id, Date.now() + ms);
  }

  /** Milliseconds until the next read is due. */
  nextDueIn(): number {
    return Math.max(0, this.#due.nextAt - Date.now());
  }

  async drain(): Promise<void> {
    while (this.#reading.size) await Promise.all(this.#reading);
  }

  #run(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => {
        this.fatal ??= error;
      })
      .finally(() => this.#reading.delete(tracked));
    this.#reading.add(tracked);
  }

  /** The item, if it is still one to follow; stops following it otherwise. */
  #followed(id: string): (ItemRecord & { accepted: NonNullable<ItemRecord["accepted"]> }) | undefined {
    const item = this.mover.get(id);
    if (item && (item.state === "accepted" || item.state === "waiting") && item.accepted) return item as ItemRecord & { accepted: NonNullable<ItemRecord["accepted"]> };
    this.#unfollow(id);
    return undefined;
  }

  pollDue(): void {
    const now = Date.now();
    const due = new Map<PlanService, string[]>();
    for (const id of this.#due.takeDue(now)) {
      const item = this.#followed(id);
      const s = this.#schedules.get(id);
      if (!item || !s) continue;
      if (now - (item.firstSentAt ?? item.acceptedAt ?? new Date()).getTime() > item.budgetMs) {
        this.#unfollow(id);
        this.#run(this.#overBudget(item, s));
        continue;
      }
      const ids = due.get(item.service);
      if (ids) ids.push(id);
      else due.set(item.service, [id]);
    }
    for (const [service, ids] of due) {
      const tracking = this.trackings[service];
      if (tracking.readMany && this.#batching.has(service)) {
        // A list read of this service is under way: these are read with the next one.
        for (const id of ids) this.#readIn(id, minGapMs);
      } else if (tracking.readMany) {
        // One list read covers every restore of this service being followed, not only the due ones.
        const all = new Map<string, number>();
        for (const id of this.#byService.get(service) ?? []) all.set(id, this.#due.dueAt(id) ?? now);
        for (const id of ids) all.set(id, now);
        for (const id of all.keys()) this.#due.delete(id);
        this.#batching.add(service);
        this.#run(this.#readBatch(service, tracking, all).finally(() => this.#batching.delete(service)));
      } else {
        for (const id of ids) this.#run(this.#readOne(id, tracking));
      }
    }
  }

  async #overBudget(item: ItemRecord, s: Schedule): Promise<void> {
    const minutes = Math.round((item.budgetMs / 60_000) * 100) / 100;
    const last = s.lastError ? `; the last read failed: ${s.lastError}` : "";
    const moved = item.state === "accepted" ? await this.mover.move(item, "waiting") : item;
    if (moved) await this.mover.move(moved, "failed", { reason: `not finished within its budget of ${minutes} min (the restore may still finish)${last}`, finishedAt: "now" });
  }

  #toFollow(item: ItemRecord & { accepted: NonNullable<ItemRecord["accepted"]> }): Followed {
    return { facts: item.accepted, input: item.input, sentAt: item.sentAt ?? item.acceptedAt ?? new Date() };
  }

  /**
   * One list read for the restores of a service (`dueAt`: when each was to be read). A restore
   * the list shows is settled or rescheduled from what it shows. One it does not show (a list
   * of running restores, which this one has left, or not yet joined) is read on its own: at once
   * if it was due or was seen running (it has most likely ended), otherwise when it was due.
   */
  async #readBatch(service: PlanService, tracking: RestoreTracking, dueAt: ReadonlyMap<string, number>): Promise<void> {
    const items = [...dueAt.keys()].map((id) => this.#followed(id)).filter((i) => i !== undefined);
    let reads: ReadonlyMap<string, StatusRead>;
    try {
      reads = await (tracking.readMany as NonNullable<RestoreTracking["readMany"]>)(this.calls[service], items.map((i) => this.#toFollow(i)));
    } catch (error) {
      await this.#applyAll(items.map((item) => [item.id, error]));
      return;
    }
    const applies: [string, StatusRead][] = [];
    for (const item of items) {
      const read = reads.get(item.accepted.watch);
      const at = dueAt.get(item.id) ?? 0;
      if (read) applies.push([item.id, read]);
      else if (at <= Date.now() || this.#schedules.get(item.id)?.sawRunning) this.#run(this.#readOne(item.id, tracking));
      else this.#readIn(item.id, at - Date.now());
    }
    await this.#applyAll(applies);
  }

  /**
   * Applies reads side by side, so that their moves share the journal's commits, and returns
   * when every one has (one that fails stops the run, and none is left running).
   */
  async #applyAll(reads: readonly (readonly [string, StatusRead | unknown])[]): Promise<void> {
    await Promise.all(
      reads.map(([id, read]) =>
        this.#apply(id, read).catch((error: unknown) => {
          this.fatal ??= error;
        }),
      ),
    );
  }

  async #readOne(id: string, tracking: RestoreTracking): Promise<void> {
    const item = this.#followed(id);
    if (!item) return;
    let read: StatusRead | unknown;
    try {
      read = await tracking.read(this.calls[item.service], this.#toFollow(item));
    } catch (error) {
      read = error;
    }
    await this.#apply(id, read);
  }

  /** What one read (or its error) means for an item: the end, or when to read again. */
  async #apply(id: string, read: StatusRead | unknown): Promise<void> {
    let item: ItemRecord | undefined = this.#followed(id);
    const s = this.#schedules.get(id);
    if (!item || !s) return;
    s.reads++;
    if (item.state === "accepted") {
      item = await this.mover.move(item, "waiting");
      if (!item) {
        this.#readIn(id, minGapMs);
        return;
      }
    }
    const tracking = this.trackings[item.service];
    const elapsed = Date.now() - (item.acceptedAt ?? new Date()).getTime();
    const verdict = read && typeof read === "object" && "verdict" in read ? (read as StatusRead).verdict : undefined;
    if (!verdict) {
      // Reads are retried until the item's budget runs out: a status that cannot be read now may be readable soon.
      const notYet = read instanceof ApiError && read.status === 404 && elapsed < tracking.notFoundGraceMs;
      s.lastError = notYet ? undefined : read instanceof Error || !(read && typeof read === "object") ? message(read) : "the answer has no status";
      this.#readIn(id, nextGap(elapsed, undefined, this.idle(item.service)));
      return;
    }
    const status = read as StatusRead;
    s.lastError = undefined;
    if (verdict.outcome === "pending") s.sawRunning = true;
    const trusted = s.sawRunning || status.certain === true || elapsed >= confirmAfterMs;
    if (verdict.outcome === "succeeded" && trusted) {
      this.#unfollow(id);
      await this.mover.move(item, "succeeded", { finishedAt: "now" }, { detail: { status: verdict.status, reads: s.reads } });
    } else if (verdict.outcome === "failed") {
      this.#unfollow(id);
      const reason = verdict.reason ?? `the service reports ${verdict.status}`;
      await this.mover.move(item, "failed", { reason, finishedAt: "now" }, { detail: { status: verdict.status, reads: s.reads } });
    } else {
      this.#readIn(id, verdict.outcome === "succeeded" ? Math.max(minGapMs, confirmAfterMs - elapsed) : nextGap(elapsed, status.progress, this.idle(item.service)));
    }
  }
}
