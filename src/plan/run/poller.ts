import { ApiError } from "../../errors/api-error.js";
import type { ItemRecord } from "../journal/journal.js";
import type { PlanService } from "../restore-operations.js";
import type { Followed, RestoreTracking, ServiceCall, StatusRead } from "../tracking.js";
import type { ItemMover } from "./item-mover.js";

/** A followed restore: when to read next, and what was seen. */
interface Schedule {
  nextAt: number;
  sawRunning: boolean;
  reads: number;
  lastError?: string | undefined;
}

const minGapMs = 1000;
const maxGapMs = 15_000;
/** A restore that reads as finished before it was seen running, and not certainly as this restore's, is trusted only after this long. */
const confirmAfterMs = 5000;

/**
 * The gap before the next read: a tenth of how long the restore has run (so a long restore is
 * read less often), shortened when the service reports progress and the end looks near; from
 * 1 s to 15 s, with ±10% jitter so that reads spread out.
 */
export function nextGap(elapsedMs: number, progress: number | undefined): number {
  let gap = elapsedMs / 10;
  if (progress !== undefined && progress > 0 && progress < 1) gap = Math.min(gap, (elapsedMs * (1 - progress)) / progress / 2);
  return Math.min(maxGapMs, Math.max(minGapMs, gap)) * (0.9 + Math.random() / 5);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Follows accepted restores to their end with the services' status reads, drawn from the same
 * rate budgets as the sends. Where a service has a list read that covers many restores, one
 * read serves all of that service's restores; the others are read one at a time. Reads are
 * spaced by how long each restore has run and by the progress the service reports. Each item
 * has its own time budget, so no stuck item holds the others.
 */
export class Poller {
  readonly #schedules = new Map<string, Schedule>();
  readonly #reading = new Set<Promise<void>>();
  readonly #batching = new Set<PlanService>();

  constructor(
    private readonly mover: ItemMover,
    private readonly calls: Readonly<Record<PlanService, ServiceCall>>,
    private readonly trackings: Readonly<Record<PlanService, RestoreTracking>>,
  ) {}

  get inFlight(): number {
    return this.#reading.size;
  }

  /** Restores being followed. */
  get following(): number {
    return this.#schedules.size;
  }

  follow(item: ItemRecord): void {
    if (!this.#schedules.has(item.id)) this.#schedules.set(item.id, { nextAt: Date.now() + minGapMs, sawRunning: false, reads: 0 });
  }

  /** Milliseconds until the next read is due. */
  nextDueIn(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.#schedules.values()) next = Math.min(next, s.nextAt);
    return Math.max(0, next - Date.now());
  }

  async drain(): Promise<void> {
    while (this.#reading.size) await Promise.all(this.#reading);
  }

  #run(work: Promise<void>): void {
    const tracked = work.finally(() => this.#reading.delete(tracked));
    this.#reading.add(tracked);
  }

  /** The item, if it is still one to follow; stops following it otherwise. */
  #followed(id: string): (ItemRecord & { accepted: NonNullable<ItemRecord["accepted"]> }) | undefined {
    const item = this.mover.get(id);
    if (item && (item.state === "accepted" || item.state === "waiting") && item.accepted) return item as ItemRecord & { accepted: NonNullable<ItemRecord["accepted"]> };
    this.#schedules.delete(id);
    return undefined;
  }

  pollDue(): void {
    const now = Date.now();
    const due = new Map<PlanService, string[]>();
    for (const [id, s] of this.#schedules) {
      const item = this.#followed(id);
      if (!item || s.nextAt > now) continue;
      if (now - (item.firstSentAt ?? item.acceptedAt ?? new Date()).getTime() > item.budgetMs) {
        this.#schedules.delete(id);
        this.#run(this.#overBudget(item, s));
        continue;
      }
      due.set(item.service, [...(due.get(item.service) ?? []), id]);
    }
    for (const [service, ids] of due) {
      const tracking = this.trackings[service];
      if (tracking.readMany && !this.#batching.has(service)) {
        // One list read covers every restore of this service being followed, not only the due ones.
        const all = [...this.#schedules.keys()].filter((id) => this.mover.get(id)?.service === service);
        for (const id of all) (this.#schedules.get(id) as Schedule).nextAt = Number.POSITIVE_INFINITY;
        this.#batching.add(service);
        this.#run(this.#readBatch(service, tracking, all, new Set(ids)).finally(() => this.#batching.delete(service)));
      } else if (!tracking.readMany) {
        for (const id of ids) {
          (this.#schedules.get(id) as Schedule).nextAt = Number.POSITIVE_INFINITY;
          this.#run(this.#readOne(id, tracking));
        }
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

  async #readBatch(service: PlanService, tracking: RestoreTracking, ids: readonly string[], due: ReadonlySet<string>): Promise<void> {
    const items = ids.map((id) => this.#followed(id)).filter((i) => i !== undefined);
    let reads: ReadonlyMap<string, StatusRead>;
    try {
      reads = await (tracking.readMany as NonNullable<RestoreTracking["readMany"]>)(this.calls[service], items.map((i) => this.#toFollow(i)));
    } catch (error) {
      for (const item of items) await this.#apply(item.id, error);
      return;
    }
    for (const item of items) {
      const read = reads.get(item.accepted.watch);
      if (read) await this.#apply(item.id, read);
      else if (due.has(item.id)) await this.#readOne(item.id, tracking);
      else {
        const s = this.#schedules.get(item.id);
        if (s) s.nextAt = Date.now() + minGapMs;
      }
    }
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
        s.nextAt = Date.now() + minGapMs;
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
      s.nextAt = Date.now() + nextGap(elapsed, undefined);
      return;
    }
    const status = read as StatusRead;
    s.lastError = undefined;
    if (verdict.outcome === "pending") s.sawRunning = true;
    const trusted = s.sawRunning || status.certain === true || elapsed >= confirmAfterMs;
    if (verdict.outcome === "succeeded" && trusted) {
      this.#schedules.delete(id);
      await this.mover.move(item, "succeeded", { finishedAt: "now" }, { detail: { status: verdict.status, reads: s.reads } });
    } else if (verdict.outcome === "failed") {
      this.#schedules.delete(id);
      const reason = verdict.reason ?? `the service reports ${verdict.status}`;
      await this.mover.move(item, "failed", { reason, finishedAt: "now" }, { detail: { status: verdict.status, reads: s.reads } });
    } else {
      s.nextAt = Date.now() + (verdict.outcome === "succeeded" ? Math.max(minGapMs, confirmAfterMs - elapsed) : nextGap(elapsed, status.progress));
    }
  }
}
