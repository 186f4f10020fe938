import { canonicalJson } from "../plan-digest.js";
import type { CheckedItem, CheckedPlan } from "../plan-check.js";
import { PlanError, type PlanProblem } from "../plan-error.js";
import type { PlanService } from "../restore-operations.js";
import type { ItemState } from "../states.js";
import { migrate } from "./migrate.js";
import { applyMoves, type MoveRow } from "./move-batch.js";
import type { SqlClient } from "./sql-client.js";

/** What the service returned for an accepted restore, and what to watch while it runs. */
export interface AcceptedFacts {
  /** The resource whose status tells the restore's progress: a backup, a checkpoint item, a disk, an RDS job. */
  readonly watch: string;
  /** The answer's IDs (RDS `job_id`, CSBS restore `id`). */
  readonly ids: Readonly<Record<string, string>>;
  readonly requestId?: string | undefined;
}

/** One item as the journal holds it. */
export interface ItemRecord {
  readonly id: string;
  readonly position: number;
  readonly service: PlanService;
  readonly input: Record<string, unknown>;
  readonly after: readonly string[];
  readonly budgetMs: number;
  readonly state: ItemState;
  readonly attempt: number;
  readonly accepted: AcceptedFacts | null;
  readonly reason: string | null;
  readonly evidence: unknown;
  readonly firstSentAt: Date | null;
  readonly sentAt: Date | null;
  readonly acceptedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly notBefore: Date | null;
  readonly leaseGen: number;
  /** The worker that holds the item's lease (or held it last). */
  readonly leaseOwner: string | null;
}

/** One recorded move of an item (or of the plan, with no item). */
export interface EventRecord {
  readonly seq: number;
  readonly itemId: string | null;
  readonly at: Date;
  readonly from: ItemState | null;
  readonly to: ItemState | null;
  readonly attempt: number | null;
  readonly worker: string | null;
  readonly requestId: string | null;
  readonly fate: string | null;
  readonly detail: unknown;
}

/** What to record with a move: who made it, and what the request said. */
export interface EventFacts {
  readonly worker?: string | undefined;
  readonly requestId?: string | undefined;
  readonly fate?: string | undefined;
  readonly detail?: unknown;
}

/** Columns a move may set besides the state. */
export interface MoveChanges {
  readonly attempt?: number;
  readonly accepted?: AcceptedFacts | null;
  readonly reason?: string | null;
  readonly evidence?: unknown;
  /** When the restore leaves, on this machine's clock (evidence is compared with it, not with a database server's clock). */
  readonly sentAt?: Date;
  readonly acceptedAt?: "now";
  readonly finishedAt?: "now";
  readonly notBefore?: Date | null;
}

export interface ItemRow {
  item_id: string;
  position: number;
  service: PlanService;
  spec: Record<string, unknown>;
  after_ids: string[];
  budget_ms: string | number;
  state: ItemState;
  attempt: number;
  accepted: AcceptedFacts | null;
  reason: string | null;
  evidence: unknown;
  first_sent_at: Date | null;
  sent_at: Date | null;
  accepted_at: Date | null;
  finished_at: Date | null;
  not_before: Date | null;
  lease_gen: number;
  lease_owner: string | null;
}

export const toRecord = (r: ItemRow): ItemRecord => ({
  id: r.item_id,
  position: r.position,
  service: r.service,
  input: r.spec,
  after: r.after_ids,
  budgetMs: Number(r.budget_ms),
  state: r.state,
  attempt: r.attempt,
  accepted: r.accepted,
  reason: r.reason,
  evidence: r.evidence,
  firstSentAt: r.first_sent_at,
  sentAt: r.sent_at,
  acceptedAt: r.accepted_at,
  finishedAt: r.finished_at,
  notBefore: r.not_before,
  leaseGen: r.lease_gen,
  leaseOwner: r.lease_owner,
});

/** The part of an item that must not change under an existing journal. */
const contentOf = (i: Pick<CheckedItem, "service" | "input" | "after" | "budgetMs">) => canonicalJson({ service: i.service, input: i.input, after: i.after, budgetMs: i.budgetMs });

/**
 * What `rk_plan.document` keeps of the plan's document: its settings (cloud, region, rtoMinutes,
 * and so on), as JSON. Its restores are recorded row by row in `rk_item`; kept again here, a
 * 5,000-item plan (1.4 MB of JSON) grew PGlite's WebAssembly memory, which never shrinks, by
 * 15 MB when it was parsed into jsonb. Without them, registering the plan grows it by 2.4 MB
 * (measured).
 */
function settingsOf(document: unknown): string {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return JSON.stringify(document);
  const { restores: _restores, ...settings } = document as Record<string, unknown>;
  return JSON.stringify(settings);
}

/** Items read by one statement. */
const itemsPage = 1000;

/** Items inserted by one statement when a plan registers. */
const insertChunk = 250;

/** Moves committed in one transaction at the most: a longer queue is committed in several. */
const maxBatch = 500;

/**
 * The lease a move is made under: the move happens only while `worker` still holds the item at
 * generation `gen` (a worker whose lease was reclaimed cannot write late). With `live`, the
 * lease must also not have expired, on the database's clock; with `extendMs`, the move renews
 * it for that long, in the same statement.
 */
export interface MoveFence {
  readonly worker: string;
  readonly gen: number;
  readonly live?: boolean;
  readonly extendMs?: number;
}

/** What registering a plan did. */
export interface Registration {
  readonly created: boolean;
  /** Items added to an existing run (only with `acceptAdditions`). */
  readonly added: readonly string[];
}

/**
 * The durable record of a plan's run, in PostgreSQL (PGlite or a server). Every move of an item
 * is one statement that updates the item only if it is still in the expected state, and appends
 * its event, atomically; the database refuses a move the state table does not allow.
 */
export class Journal {
  readonly #queue: { readonly move: MoveRow; readonly done: (moved: boolean) => void; readonly fail: (error: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;
  #elapsedMs = 0;
  #moves = 0;
  #queries = 0;
  readonly db: SqlClient;

  /**
   * `exclusive`: only one process can open this journal at a time (PGlite's directory), so a
   * worker that opens it may take over every lease at once, and need not renew them.
   */
  constructor(db: SqlClient, readonly exclusive = false) {
    const count = () => this.#queries++;
    const runningMs = db.runningMs?.bind(db);
    // Without the engine's own measure (a server), a statement or transaction costs its time from call to answer.
    const timed = <T>(work: () => Promise<T>): Promise<T> => {
      if (runningMs) return work();
      const started = performance.now();
      return work().finally(() => {
        this.#elapsedMs += performance.now() - started;
      });
    };
    this.db = {
      query: (sql, params) => (count(), timed(() => db.query(sql, params))),
      exec: (sql) => (count(), timed(() => db.exec(sql))),
      transaction: (work) =>
        timed(() =>
          db.transaction((tx) =>
            work({
              query: (sql, params) => (count(), tx.query(sql, params)),
              exec: (sql) => (count(), tx.exec(sql)),
            }),
          ),
        ),
      close: () => db.close(),
      ...(runningMs ? { runningMs } : {}),
    };
  }

  /**
   * The journal's cost to a run: the moves it committed; the time its statements took, all of
   * them (with PGlite, which runs in this thread, the time they ran, without waits for their
   * turn; with a server, from each statement's or transaction's call to its answer); and how many
   * statements it sent.
   */
  cost(): { readonly moves: number; readonly busyMs: number; readonly queries: number } {
    const busyMs = this.db.runningMs?.() ?? this.#elapsedMs;
    return { moves: this.#moves, busyMs: Math.round(busyMs * 10) / 10, queries: this.#queries };
  }

  /**
   * Group commit: moves that arrive while a commit is under way are committed together in the
   * next transaction, in one statement (`applyMoves`), up to `maxBatch` of them; each resolves
   * only once its transaction has committed. A batch that fails (a refused move) is replayed one
   * move at a time, so that only the refused move fails.
   */
  #enqueue(move: MoveRow): Promise<boolean> {
    return new Promise((done, fail) => {
      this.#queue.push({ move, done, fail });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length) {
      // In the order the moves were asked for; the statement itself locks the rows in item order.
      const batch = this.#queue.splice(0, maxBatch);
      this.#moves += batch.length;
      try {
        const moves = batch.map((m) => m.move);
        // One move is one statement, atomic on its own; a batch is one transaction.
        const made = batch.length === 1 ? await applyMoves(this.db, moves) : await this.db.transaction((tx) => applyMoves(tx, moves));
        batch.forEach((m, n) => m.done(made[n] === true));
        continue;
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.fail(error);
          continue;
        }
        // Replayed one at a time below, so that only a refused move fails.
      }
      for (const m of batch) {
        try {
          const [made] = await applyMoves(this.db, [m.move]);
          m.done(made === true);
        } catch (error) {
          m.fail(error);
        }
      }
    }
    this.#flushing = undefined;
  }

  async migrate(): Promise<number> {
    return migrate(this.db);
  }

  /**
   * Records the plan, or checks it against the run already recorded under its name. A changed
   * plan is refused with every difference listed; with `acceptAdditions`, new items are added
   * and nothing else may differ.
   */
  async register(plan: CheckedPlan, document: unknown, options: { readonly acceptAdditions?: boolean } = {}): Promise<Registration> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ plan_id: string }>(
        "INSERT INTO rk_plan (plan_id, digest, document) VALUES ($1, $2, $3) ON CONFLICT (plan_id) DO NOTHING RETURNING plan_id",
        [plan.name, plan.digest, settingsOf(document)],
      );
      if (inserted.rows.length) {
        await this.insertItems(tx, plan, plan.items, 0);
        await tx.query("INSERT INTO rk_event (plan_id, detail) VALUES ($1, $2)", [plan.name, JSON.stringify({ registered: plan.items.length })]);
        return { created: true, added: [] };
      }
      const { rows } = await tx.query<{ digest: string }>("SELECT digest FROM rk_plan WHERE plan_id = $1 FOR UPDATE", [plan.name]);
      if (rows[0]?.digest === plan.digest) return { created: false, added: [] };
      const existing = (await tx.query<ItemRow>("SELECT * FROM rk_item WHERE plan_id = $1 ORDER BY position", [plan.name])).rows.map(toRecord);
      const before = new Map(existing.map((i) => [i.id, contentOf(i)]));
      const now = new Set(plan.items.map((i) => i.id));
      const problems: PlanProblem[] = [];
      for (const item of plan.items) {
        const old = before.get(item.id);
        if (old !== undefined && old !== contentOf(item)) problems.push({ item: item.id, field: "(item)", rule: "changed", message: `${item.id} differs from the item this run started with` });
      }
      for (const id of before.keys()) if (!now.has(id)) problems.push({ item: id, field: "(item)", rule: "removed", message: `${id} is in the run's journal but no longer in the plan` });
      const added = plan.items.filter((i) => !before.has(i.id));
      if (problems.length === 0 && !options.acceptAdditions && added.length) {
        problems.push(...added.map((i) => ({ item: i.id, field: "(item)", rule: "added", message: `${i.id} is new (pass --accept-additions to add new items to the run)` })));
      }
      if (problems.length) {
        throw new PlanError(`the plan ${plan.name} changed since its run started (${problems.length} difference${problems.length === 1 ? "" : "s"}); nothing was sent`, problems);
      }
      await this.insertItems(tx, plan, added, existing.length);
      await tx.query("UPDATE rk_plan SET digest = $2, document = $3, updated_at = now() WHERE plan_id = $1", [plan.name, plan.digest, settingsOf(document)]);
      await tx.query("INSERT INTO rk_event (plan_id, detail) VALUES ($1, $2)", [plan.name, JSON.stringify({ added: added.map((i) => i.id) })]);
      return { created: false, added: added.map((i) => i.id) };
    });
  }

  /**
   * Inserts the items, `insertChunk` to a statement: a plan of thousands registers in a few round
   * trips, not thousands, and no statement's parameter is so large that the database's memory
   * (PGlite's WebAssembly memory, which never shrinks) grows by tens of megabytes to parse it.
   */
  private async insertItems(tx: Pick<SqlClient, "query">, plan: CheckedPlan, items: readonly CheckedItem[], offset: number): Promise<void> {
    for (let from = 0; from < items.length; from += insertChunk) await this.insertChunk(tx, plan, items.slice(from, from + insertChunk), offset + from);
  }

  private async insertChunk(tx: Pick<SqlClient, "query">, plan: CheckedPlan, items: readonly CheckedItem[], offset: number): Promise<void> {
    const rows = items.map((item, n) => ({
      item_id: item.id,
      position: offset + n,
      service: item.service,
      spec: item.input,
      after_ids: item.after,
      budget_ms: item.budgetMs,
      state: item.after.length ? "blocked" : "pending",
    }));
    // An item's turn: its rank among its service's items, after those the run already has.
    await tx.query(
      `WITH taken AS (SELECT service, max(turn) AS turns FROM rk_item WHERE plan_id = $1 GROUP BY service)
      INSERT INTO rk_item (plan_id, item_id, position, service, spec, after_ids, budget_ms, state, turn)
      SELECT $1, r.item_id, r.position, r.service, r.spec, ARRAY(SELECT jsonb_array_elements_text(r.after_ids)), r.budget_ms, r.state,
        coalesce(t.turns, 0) + row_number() OVER (PARTITION BY r.service ORDER BY r.position)
      FROM jsonb_to_recordset($2::jsonb) AS r(item_id text, position integer, service text, spec jsonb, after_ids jsonb, budget_ms bigint, state text)
      LEFT JOIN taken t ON t.service = r.service`,
      [plan.name, JSON.stringify(rows)],
    );
  }

  /** Every item of the plan, in plan order (read in pages: no one result holds thousands of rows). */
  async items(planId: string): Promise<ItemRecord[]> {
    const out: ItemRecord[] = [];
    for (;;) {
      const { rows } = await this.db.query<ItemRow>("SELECT * FROM rk_item WHERE plan_id = $1 AND position > $2 ORDER BY position LIMIT $3", [planId, out.at(-1)?.position ?? -1, itemsPage]);
      for (const row of rows) out.push(toRecord(row));
      if (rows.length < itemsPage) return out;
    }
  }

  async item(planId: string, itemId: string): Promise<ItemRecord | undefined> {
    const { rows } = await this.db.query<ItemRow>("SELECT * FROM rk_item WHERE plan_id = $1 AND item_id = $2", [planId, itemId]);
    return rows[0] && toRecord(rows[0]);
  }

  /**
   * Moves an item from `from` to `to`, setting `changes`, and appends the event, in one
   * statement. Returns false, changing nothing, when the item was no longer in `from` (or, with
   * a `fence`, no longer held under that lease).
   */
  async move(planId: string, itemId: string, from: ItemState, to: ItemState, changes: MoveChanges = {}, event: EventFacts = {}, fence?: MoveFence): Promise<boolean> {
    return this.#enqueue({
      plan_id: planId,
      item_id: itemId,
      from_state: from,
      to_state: to,
      attempt: changes.attempt ?? null,
      set_accepted: changes.accepted !== undefined,
      accepted: changes.accepted ?? null,
      set_reason: changes.reason !== undefined,
      reason: changes.reason ?? null,
      set_evidence: changes.evidence !== undefined,
      evidence: changes.evidence ?? null,
      set_not_before: changes.notBefore !== undefined,
      not_before: changes.notBefore?.toISOString() ?? null,
      sent_at: changes.sentAt?.toISOString() ?? null,
      accepted_now: changes.acceptedAt === "now",
      finished_now: changes.finishedAt === "now",
      fence_worker: fence?.worker ?? null,
      fence_gen: fence?.gen ?? null,
      fence_live: fence?.live === true,
      extend_ms: fence?.extendMs ?? null,
      worker: event.worker ?? null,
      request_id: event.requestId ?? null,
      fate: event.fate ?? null,
      detail: event.detail ?? null,
    });
  }

  async events(planId: string): Promise<EventRecord[]> {
    const { rows } = await this.db.query<{
      seq: string | number; item_id: string | null; at: Date; from_state: ItemState | null; to_state: ItemState | null;
      attempt: number | null; worker: string | null; request_id: string | null; fate: string | null; detail: unknown;
    }>("SELECT * FROM rk_event WHERE plan_id = $1 ORDER BY seq", [planId]);
    return rows.map((r) => ({ seq: Number(r.seq), itemId: r.item_id, at: r.at, from: r.from_state, to: r.to_state, attempt: r.attempt, worker: r.worker, requestId: r.request_id, fate: r.fate, detail: r.detail }));
  }

  async plan(planId: string): Promise<{ digest: string; document: unknown; control: "run" | "pause" | "cancel"; createdAt: Date } | undefined> {
    const { rows } = await this.db.query<{ digest: string; document: unknown; control: "run" | "pause" | "cancel"; created_at: Date }>(
      "SELECT digest, document, control, created_at FROM rk_plan WHERE plan_id = $1",
      [planId],
    );
    const r = rows[0];
    return r && { digest: r.digest, document: r.document, control: r.control, createdAt: r.created_at };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
