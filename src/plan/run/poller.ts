import { ApiError } from "../../errors/api-error.js";
import type { ItemRecord } from "../journal/journal.js";
import type { PlanService } from "../restore-operations.js";
import type { RestoreTracking, ServiceCall, StatusRead } from "../tracking.js";
import type { ItemMover } from "./item-mover.js";

/** A followed restore: when to read next, and what was seen. */
interface Followed {
  nextAt: number;
  sawRunning: boolean;
  reads: number;
  lastError?: string;
}

const minGapMs = 1000;
const maxGapMs = 15_000;
/** A restore that reads as finished before it was seen running is trusted only after this long. */
const confirmAfterMs = 5000;

/**
 * The gap before the next read: a tenth of how long the restore has run (so a long restore is
 * read less often), shortened when the service reports progress and the end looks near; from
 * 1 s to 15 s, with ±10% jitter so that reads spread out.
 */
export function nextGap(elapsedMs: number, progress: number | undefined): number {
  let gap = elapsedMs / 10;
  if (progress !== undefined && progress > 0 && progress < 1) gap = Math.min(gap, ((elapsedMs * (1 - progress)) / progress) / 2);
  return Math.min(maxGapMs, Math.max(minGapMs, gap)) * (0.9 + Math.random() / 5);
}

/**
 * Follows accepted restores to their end with the service's status reads, drawn from the same
 * rate budgets as the sends: reads are spaced by how long each restore has run and by the
 * progress the service reports. Each item has its own time budget, so no stuck item holds the
 * others.
 */
export class Poller {
  readonly #followed = new Map<string, Followed>();
  readonly #reading = new Set<Promise<void>>();

  constructor(
    private readonly mover: ItemMover,
    private readonly calls: Readonly<Record<PlanService, ServiceCall>>,
    private readonly trackings: Readonly<Record<PlanService, RestoreTracking>>,
  ) {}

  get inFlight(): number {
    return this.#reading.size;
  }

  follow(item: ItemRecord): void {
    if (!this.#followed.has(item.id)) this.#followed.set(item.id, { nextAt: Date.now() + minGapMs, sawRunning: false, reads: 0 });
  }

  /** Milliseconds until the next read is due. */
  nextDueIn(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const f of this.#followed.values()) next = Math.min(next, f.nextAt);
    return Math.max(0, next - Date.now());
  }

  pollDue(): void {
    const now = Date.now();
    for (const [id, f] of this.#followed) {
      if (f.nextAt > now) continue;
      f.nextAt = Number.POSITIVE_INFINITY; // until this read ends
      const work = this.#read(id, f).finally(() => this.#reading.delete(work));
      this.#reading.add(work);
    }
  }

  async drain(): Promise<void> {
    while (this.#reading.size) await Promise.all(this.#reading);
  }

  async #read(id: string, f: Followed): Promise<void> {
    let item = this.mover.get(id);
    if (!item || (item.state !== "accepted" && item.state !== "waiting") || !item.accepted) {
      this.#followed.delete(id);
      return;
    }
    if (item.state === "accepted") {
      item = await this.mover.move(item, "waiting");
      if (!item) {
        // Moved meanwhile (another worker): look again at the next read.
        f.nextAt = Date.now() + minGapMs;
        return;
      }
    }
    const facts = item.accepted as NonNullable<ItemRecord["accepted"]>;
    const acceptedAt = (item.acceptedAt ?? new Date()).getTime();
    const elapsed = Date.now() - acceptedAt;
    if (Date.now() - (item.firstSentAt ?? new Date(acceptedAt)).getTime() > item.budgetMs) {
      this.#followed.delete(id);
      const minutes = Math.round(item.budgetMs / 60_000);
      const last = f.lastError ? `; the last read failed: ${f.lastError}` : "";
      await this.mover.move(item, "failed", { reason: `not finished within its budget of ${minutes} min (the restore may still finish)${last}`, finishedAt: "now" });
      return;
    }
    const tracking = this.trackings[item.service];
    let read: StatusRead;
    try {
      f.reads++;
      read = await tracking.read(this.calls[item.service], facts, item.input);
    } catch (error) {
      // Reads are retried until the item's budget runs out: a status that cannot be read now may be readable soon.
      const notYet = error instanceof ApiError && error.status === 404 && elapsed < tracking.notFoundGraceMs;
      f.lastError = notYet ? undefined : error instanceof Error ? error.message : String(error);
      f.nextAt = Date.now() + nextGap(elapsed, undefined);
      return;
    }
    const verdict = read.verdict;
    if (!verdict) {
      f.lastError = "the answer has no status";
      f.nextAt = Date.now() + nextGap(elapsed, undefined);
      return;
    }
    f.lastError = undefined;
    if (verdict.outcome === "pending") f.sawRunning = true;
    const trusted = f.sawRunning || !tracking.doubtEarlyFinish || elapsed >= confirmAfterMs;
    if (verdict.outcome === "succeeded" && trusted) {
      this.#followed.delete(id);
      await this.mover.move(item, "succeeded", { finishedAt: "now" }, { detail: { status: verdict.status, reads: f.reads } });
    } else if (verdict.outcome === "failed") {
      this.#followed.delete(id);
      const reason = verdict.reason ?? `the service reports ${verdict.status}`;
      await this.mover.move(item, "failed", { reason, finishedAt: "now" }, { detail: { status: verdict.status, reads: f.reads } });
    } else {
      f.nextAt = Date.now() + (verdict.outcome === "succeeded" ? Math.max(minGapMs, confirmAfterMs - elapsed) : nextGap(elapsed, read.progress));
    }
  }
}
