import type { EventFacts, ItemRecord, Journal, MoveChanges } from "../journal/journal.js";
import type { Reclaim } from "../journal/leases.js";
import type { PlanService } from "../restore-operations.js";
import { type ItemState, settledStates } from "../states.js";
import { DueQueue } from "./due-queue.js";
import type { PlanEvent } from "./events.js";

/** How this worker's moves are fenced. */
export interface MoverLeases {
  /** Other workers may hold items: a move to `sending` needs a live lease, which it renews. */
  readonly shared: boolean;
  readonly leaseMs: number;
}

/**
 * The items this worker holds, kept in step with the journal: every move goes through the
 * journal first, fenced by the item's lease, and is applied here only once it is committed.
 * Pending items wait in a queue in plan order until the run hands them out, so that finding
 * the next ones to send never scans the whole plan. It also wakes the run's loop when anything
 * moved, and remembers when an item settled (its dependents may be promoted).
 */
export class ItemMover {
  readonly #held = new Map<string, ItemRecord>();
  /** Held pending items not yet handed out and due now, by service, in the order they became due. */
  readonly #queues = new Map<PlanService, Set<string>>();
  /** Held pending items not yet due (a refusal's backoff), by when they are. */
  readonly #delayed = new DueQueue<string>();
  /** Items claimed in the middle of their work (sending, accepted, waiting), for the run to take over. */
  #adopted: ItemRecord[] = [];
  #wake: (() => void) | undefined;
  #settled = false;

  constructor(
    readonly journal: Journal,
    readonly plan: string,
    readonly worker: string,
    private readonly leases: MoverLeases,
    private readonly emit: (event: PlanEvent) => void,
  ) {}

  held(): ItemRecord[] {
    return [...this.#held.values()];
  }

  get size(): number {
    return this.#held.size;
  }

  get(id: string): ItemRecord | undefined {
    return this.#held.get(id);
  }

  /** Pending items held and not yet handed out. */
  get queued(): number {
    let n = this.#delayed.size;
    for (const q of this.#queues.values()) n += q.size;
    return n;
  }

  /** Milliseconds until a held pending item that waits out a backoff is due (Infinity when none does). */
  nextReadyIn(now = Date.now()): number {
    return Math.max(0, this.#delayed.nextAt - now);
  }

  /** Queues a pending item: at once, or once its backoff (`notBefore`) has passed. */
  #enqueue(item: ItemRecord): void {
    const at = item.notBefore?.getTime() ?? 0;
    if (at > Date.now()) this.#delayed.schedule(item.id, at);
    else {
      this.#delayed.delete(item.id);
      this.#queueOf(item.service).add(item.id);
    }
  }

  #queueOf(service: PlanService): Set<string> {
    let queue = this.#queues.get(service);
    if (!queue) this.#queues.set(service, (queue = new Set()));
    return queue;
  }

  #dequeue(id: string): void {
    const service = this.#held.get(id)?.service;
    if (service) this.#queues.get(service)?.delete(id);
    this.#delayed.delete(id);
  }

  /** Items claimed: held from now on. */
  adopt(items: readonly ItemRecord[], reclaimed: readonly Reclaim[] = []): void {
    for (const item of items) {
      this.#hold(item);
      if (item.state !== "pending") this.#adopted.push(item);
    }
    for (const r of reclaimed) {
      const state = this.#held.get(r.item)?.state;
      if (state) this.emit({ type: "lease", at: new Date(), worker: this.worker, phase: "reclaimed", item: r.item, from: r.from, state });
    }
    if (items.length) this.#wake?.();
  }

  #hold(item: ItemRecord): void {
    this.#held.set(item.id, item);
    if (item.state === "pending") this.#enqueue(item);
    else this.#dequeue(item.id);
  }

  /** Stops holding an item (its lease was lost, or it settled under another worker's hand). */
  drop(id: string, lost: boolean): void {
    const item = this.#held.get(id);
    if (!item) return;
    this.#dequeue(id);
    this.#held.delete(id);
    if (lost) this.emit({ type: "lease", at: new Date(), worker: this.worker, phase: "lost", item: id, state: item.state });
  }

  /**
   * Takes up to `n` queued pending items that are due, in order within each service, and no more
   * of a service than `room` gives it. Items not yet due stay queued (a refusal's backoff); items
   * handed out leave the queue until they are pending again.
   */
  takeReady(n: number, now: number, room: (service: PlanService) => number = () => n): ItemRecord[] {
    for (const id of this.#delayed.takeDue(now)) {
      const item = this.#held.get(id);
      if (item) this.#queueOf(item.service).add(id);
    }
    const out: ItemRecord[] = [];
    for (const [service, queue] of this.#queues) {
      const take = Math.min(n - out.length, room(service));
      let taken = 0;
      for (const id of queue) {
        if (taken >= take) break;
        queue.delete(id);
        const item = this.#held.get(id);
        if (item?.state !== "pending") continue;
        out.push(item);
        taken++;
      }
    }
    return out;
  }

  /** Items claimed in the middle of their work since the last call. */
  takeAdopted(): ItemRecord[] {
    return this.#adopted.splice(0);
  }

  /** Puts a handed-out item that was not sent back in the queue. */
  requeue(id: string): void {
    const item = this.#held.get(id);
    if (item?.state === "pending") this.#enqueue(item);
  }

  /** Whether an item settled since the last call: what it came before may be promoted. */
  takeSettled(): boolean {
    const settled = this.#settled;
    this.#settled = false;
    return settled;
  }

  /**
   * Moves an item in the journal, then here. Returns the moved item, or `undefined` when the
   * journal refused the move: the item was no longer in `from` (another worker, or a cancel,
   * moved it), or this worker no longer holds its lease. The item is then re-read, and dropped
   * unless this worker still holds it.
   */
  async move(item: ItemRecord, to: ItemState, changes: MoveChanges = {}, event: EventFacts & { reason?: string } = {}): Promise<ItemRecord | undefined> {
    const sending = to === "sending" && this.leases.shared;
    const fence = { worker: this.worker, gen: item.leaseGen, ...(sending ? { live: true, extendMs: this.leases.leaseMs } : {}) };
    const moved = await this.journal.move(this.plan, item.id, item.state, to, changes, { worker: this.worker, ...event }, fence);
    if (!moved) {
      await this.#reread(item.id);
      return undefined;
    }
    const now = new Date();
    const next: ItemRecord = {
      ...item,
      state: to,
      ...(changes.attempt !== undefined ? { attempt: changes.attempt } : {}),
      ...(changes.accepted !== undefined ? { accepted: changes.accepted } : {}),
      ...(changes.reason !== undefined ? { reason: changes.reason } : {}),
      ...(changes.evidence !== undefined ? { evidence: changes.evidence } : {}),
      ...(changes.notBefore !== undefined ? { notBefore: changes.notBefore } : {}),
      ...(changes.sentAt ? { sentAt: changes.sentAt, firstSentAt: item.firstSentAt ?? changes.sentAt } : {}),
      ...(changes.acceptedAt ? { acceptedAt: item.acceptedAt ?? now } : {}),
      ...(changes.finishedAt ? { finishedAt: now } : {}),
    };
    // A settled item needs nothing more from this worker.
    if (settledStates.has(to)) {
      this.#settled = true;
      this.#dequeue(item.id);
      this.#held.delete(item.id);
    } else if (this.#held.has(item.id)) this.#hold(next);
    this.emit({
      type: "item",
      at: now,
      worker: this.worker,
      item: item.id,
      service: item.service,
      from: item.state,
      to,
      attempt: next.attempt,
      reason: event.reason ?? (changes.reason ?? undefined),
      requestId: event.requestId,
      fate: event.fate,
    });
    this.#wake?.();
    return next;
  }

  /** After a refused move: keeps the journal's copy if this worker still holds the item, drops it otherwise. */
  async #reread(id: string): Promise<void> {
    const fresh = await this.journal.item(this.plan, id);
    const held = this.#held.get(id);
    if (fresh && held && fresh.leaseOwner === this.worker && fresh.leaseGen === held.leaseGen && !settledStates.has(fresh.state)) this.#hold(fresh);
    else this.drop(id, held !== undefined && fresh?.leaseOwner !== this.worker);
    if (fresh && settledStates.has(fresh.state)) this.#settled = true;
  }

  /** Resolves when an item moves, or after `ms`, whichever comes first. */
  changedOrAfter(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }
}
