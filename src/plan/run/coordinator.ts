import { type PlanControl, type PlanWideMove, countItems, promote, readControl } from "../journal/coordination.js";
import type { Journal } from "../journal/journal.js";
import { Leases } from "../journal/leases.js";
import { type ItemState, itemStates, settledStates } from "../states.js";
import type { PlanEvent } from "./events.js";
import type { ItemMover } from "./item-mover.js";

export interface CoordinatorOptions {
  readonly journal: Journal;
  readonly plan: string;
  readonly worker: string;
  readonly mover: ItemMover;
  readonly leaseMs: number;
  /** Pending items to hold ahead of sending, with other workers. */
  readonly prefetch: number;
  /** Each item's service, for the events of plan-wide moves. */
  readonly services: ReadonlyMap<string, string>;
  /** Whether any item comes `after` others (otherwise nothing is ever promoted). */
  readonly ordered: boolean;
  readonly emit: (event: PlanEvent) => void;
}

const followedStates: readonly ItemState[] = ["sending", "accepted", "waiting"];
/** After an item settles, promotions and counts wait this long, so a burst of settles costs one round. */
const settleDebounceMs = 100;
/** With other workers, more pending items are claimed when the queue falls below half the prefetch, at most this often; when it is empty, sooner. */
const claimGapMs = 200;
const emptyClaimGapMs = 50;
/** A worker that holds no item counts the plan's items this often, to see the end soon after it comes. */
const idleCountGapMs = 250;

/**
 * A worker's part in the journal's coordination: it claims the items it works on, renews its
 * leases on a heartbeat (a third of the lease) and drops the ones it lost, promotes items whose
 * `after` items settled, reads the operator's pause, resume or cancel, and keeps the plan's
 * counts by state, which tell the run when every item is settled.
 *
 * On an exclusive journal (PGlite: one process at a time), the worker takes every item at the
 * start and needs no renewing; the heartbeat only reads the control and the counts.
 */
export class Coordinator {
  readonly #leases: Leases;
  readonly #shared: boolean;
  readonly #heartbeatMs: number;
  #beatAt = 0;
  #settleAt: number | undefined;
  #claimedAt = 0;
  #control: PlanControl = "run";
  #counts: Record<ItemState, number> = Object.fromEntries(itemStates.map((s) => [s, 0])) as Record<ItemState, number>;
  #lost = 0;
  #reclaimed = 0;
  #spentMs = 0;
  #countedAt = 0;

  constructor(private readonly o: CoordinatorOptions) {
    this.#shared = !o.journal.exclusive;
    this.#leases = new Leases(o.journal.db, o.plan, o.worker, o.leaseMs, o.journal.exclusive);
    this.#heartbeatMs = this.#shared ? Math.max(100, Math.floor(o.leaseMs / 3)) : 1000;
  }

  get control(): PlanControl {
    return this.#control;
  }

  get counts(): Readonly<Record<ItemState, number>> {
    return this.#counts;
  }

  /** Items of the plan not yet settled, as of the last count. */
  get unsettled(): number {
    return itemStates.filter((s) => !settledStates.has(s)).reduce((n, s) => n + this.#counts[s], 0);
  }

  /** Items being sent or followed by any worker, as of the last count. */
  get active(): number {
    return followedStates.reduce((n, s) => n + this.#counts[s], 0);
  }

  get leaseChanges(): { readonly lost: number; readonly reclaimed: number } {
    return { lost: this.#lost, reclaimed: this.#reclaimed };
  }

  /** Milliseconds until this coordinator has work to do. */
  nextIn(now = Date.now()): number {
    return Math.max(0, Math.min(this.#beatAt, this.#settleAt ?? Number.POSITIVE_INFINITY) - now);
  }

  /**
   * The start: promotes what a previous run left ready, and claims every item to recover
   * (sending, accepted, waiting, in doubt) and the first pending ones; an exclusive journal's
   * worker takes them all.
   */
  async start(): Promise<void> {
    await this.#promote();
    const states: ItemState[] = [...followedStates, "in-doubt", ...(this.#shared ? [] : (["pending"] as const))];
    this.#adopt(await this.#leases.claim(states, Number.MAX_SAFE_INTEGER, true));
    if (this.#shared) await this.#claimPending();
    this.#control = (await readControl(this.o.journal.db, this.o.plan)) ?? "run";
    if (this.#control !== "run") this.o.emit({ type: "run", at: new Date(), worker: this.o.worker, phase: this.#control === "pause" ? "paused" : "cancelled", plan: this.o.plan });
    await this.#count();
    this.#beatAt = Date.now() + this.#heartbeatMs;
  }

  /** Does what is due: the heartbeat, the round after items settled, and (with other workers) a claim when the queue runs low. */
  async tick(sending: boolean): Promise<void> {
    const now = Date.now();
    const started = performance.now();
    if (this.o.mover.takeSettled()) this.#settleAt ??= now + settleDebounceMs;
    if (now >= this.#beatAt) {
      this.#beatAt = now + this.#heartbeatMs;
      this.#settleAt = undefined;
      await this.#beat(sending);
    } else if (this.#settleAt !== undefined && now >= this.#settleAt) {
      this.#settleAt = undefined;
      const promoted = await this.#promote();
      if (sending && promoted.some((m) => m.to === "pending")) await this.#claimPending();
      await this.#count();
    } else if (sending && this.#shared && this.o.mover.queued < this.o.prefetch / 2 && now - this.#claimedAt >= (this.o.mover.queued === 0 ? emptyClaimGapMs : claimGapMs)) {
      await this.#claimPending();
      await this.#countIfIdle(now);
    } else if (this.o.mover.size === 0 && now - this.#countedAt >= idleCountGapMs) {
      await this.#count();
    } else return;
    this.#spentMs += performance.now() - started;
  }

  /** Milliseconds the run's loop spent on coordination (claims, renewals, promotions, counts): part of the journal's cost. */
  get spentMs(): number {
    return Math.round(this.#spentMs * 10) / 10;
  }

  /** Holding nothing, this worker waits on the others: it sees their last items settle soon, not a heartbeat later. */
  async #countIfIdle(now: number): Promise<void> {
    if (this.o.mover.size === 0 && now - this.#countedAt >= idleCountGapMs) await this.#count();
  }

  async #count(): Promise<void> {
    this.#countedAt = Date.now();
    this.#counts = await countItems(this.o.journal.db, this.o.plan);
  }

  async #beat(sending: boolean): Promise<void> {
    const db = this.o.journal.db;
    if (this.#shared) await this.#renew();
    const control = (await readControl(db, this.o.plan)) ?? "run";
    if (control !== this.#control) {
      const phase = control === "pause" ? "paused" : control === "cancel" ? "cancelled" : "resumed";
      this.o.emit({ type: "run", at: new Date(), worker: this.o.worker, phase, plan: this.o.plan });
      this.#control = control;
    }
    const promoted = await this.#promote();
    if (this.#shared) this.#adopt(await this.#leases.claim(followedStates, 10_000));
    // An exclusive worker already holds every pending item but those just promoted.
    if (sending && this.#control === "run" && (this.#shared || promoted.some((m) => m.to === "pending"))) await this.#claimPending();
    await this.#count();
  }

  /** Renews this worker's leases; drops the items it no longer holds. */
  async #renew(): Promise<void> {
    const renewed = await this.#leases.renew();
    const missing = this.o.mover.held().filter((i) => !renewed.has(i.id));
    for (const item of missing) {
      const now = await this.o.journal.item(this.o.plan, item.id);
      const lost = !now || now.leaseOwner !== this.o.worker || now.leaseGen !== item.leaseGen || !settledStates.has(now.state);
      if (lost) this.#lost++;
      this.o.mover.drop(item.id, lost);
    }
  }

  async #claimPending(): Promise<void> {
    this.#claimedAt = Date.now();
    const want = this.#shared ? this.o.prefetch - this.o.mover.queued : Number.MAX_SAFE_INTEGER;
    this.#adopt(await this.#leases.claim(["pending"], want));
  }

  #adopt(claim: Awaited<ReturnType<Leases["claim"]>>): void {
    this.#reclaimed += claim.reclaimed.length;
    this.o.mover.adopt(claim.items, claim.reclaimed);
  }

  async #promote(): Promise<PlanWideMove[]> {
    if (!this.o.ordered) return [];
    const moves = await promote(this.o.journal.db, this.o.plan, this.o.worker);
    for (const m of moves) {
      this.o.emit({ type: "item", at: new Date(), worker: this.o.worker, item: m.item, service: this.o.services.get(m.item) ?? "", from: m.from, to: m.to, attempt: m.attempt, reason: m.reason ?? undefined });
    }
    if (moves.some((m) => settledStates.has(m.to))) this.#settleAt ??= Date.now() + settleDebounceMs;
    return moves;
  }

  /** Gives up every lease this worker holds (a clean stop), so that other workers may go on at once. */
  async release(): Promise<void> {
    if (this.#shared) await this.#leases.release();
  }
}
