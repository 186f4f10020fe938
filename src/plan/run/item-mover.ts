import type { EventFacts, ItemRecord, Journal, MoveChanges } from "../journal/journal.js";
import type { ItemState } from "../states.js";
import type { PlanEvent } from "./events.js";

/**
 * The run's view of its items, kept in step with the journal: every move goes through the
 * journal first and is applied here only once it is committed. It also wakes the run's loop
 * when anything moved.
 */
export class ItemMover {
  readonly #items: Map<string, ItemRecord>;
  #wake: (() => void) | undefined;
  #writes = 0;
  #ms = 0;

  constructor(
    readonly journal: Journal,
    readonly plan: string,
    readonly worker: string,
    items: readonly ItemRecord[],
    private readonly emit: (event: PlanEvent) => void,
  ) {
    this.#items = new Map(items.map((i) => [i.id, i]));
  }

  all(): ItemRecord[] {
    return [...this.#items.values()];
  }

  get(id: string): ItemRecord | undefined {
    return this.#items.get(id);
  }

  /** Moves made (refused ones included), and how long they took to commit, waiting included. */
  cost(): { writes: number; ms: number } {
    return { writes: this.#writes, ms: Math.round(this.#ms * 10) / 10 };
  }

  /**
   * Moves an item in the journal, then here. Returns the moved item, or `undefined` when the
   * journal's item was no longer in `from` (another worker moved it): the local copy is then
   * reloaded from the journal.
   */
  async move(item: ItemRecord, to: ItemState, changes: MoveChanges = {}, event: EventFacts & { reason?: string } = {}): Promise<ItemRecord | undefined> {
    const started = performance.now();
    const moved = await this.journal.move(this.plan, item.id, item.state, to, changes, { worker: this.worker, ...event });
    this.#ms += performance.now() - started;
    this.#writes++;
    if (!moved) {
      await this.reload();
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
    this.#items.set(item.id, next);
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

  /** Reloads every item from the journal (after a lost race, or to see other workers' moves). */
  async reload(): Promise<void> {
    for (const item of await this.journal.items(this.plan)) this.#items.set(item.id, item);
  }

  /**
   * Moves blocked items whose `after` items all succeeded to pending, and skips blocked or
   * pending items one of whose `after` items failed or was skipped. An `after` item in doubt
   * holds its dependents until it is settled one way or the other.
   */
  async promote(): Promise<void> {
    for (const item of this.all()) {
      if (item.state !== "blocked" && !(item.state === "pending" && item.after.length)) continue;
      const deps = item.after.map((id) => this.#items.get(id));
      const bad = deps.find((d) => d && (d.state === "failed" || d.state === "skipped"));
      if (bad) {
        await this.move(item, "skipped", { reason: `${bad.id} ${bad.state === "failed" ? "failed" : "was skipped"}`, finishedAt: "now" });
      } else if (item.state === "blocked" && deps.every((d) => d?.state === "succeeded")) {
        await this.move(item, "pending");
      }
    }
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
