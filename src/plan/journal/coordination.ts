import { type ItemState, itemStates } from "../states.js";
import type { SqlClient } from "./sql-client.js";

/** What the operator asked of a run: go on, hold new submissions, or stop for good. */
export type PlanControl = "run" | "pause" | "cancel";

/** An item moved by a statement over the whole plan (a promotion, a skip, a cancel). */
export interface PlanWideMove {
  readonly item: string;
  readonly from: ItemState;
  readonly to: ItemState;
  readonly attempt: number;
  readonly reason: string | null;
}

type MoveRow = { item_id: string; from_state: ItemState; to_state: ItemState; attempt: number; detail: { reason?: string } | null };
const toMove = (r: MoveRow): PlanWideMove => ({ item: r.item_id, from: r.from_state, to: r.to_state, attempt: r.attempt, reason: r.detail?.reason ?? null });

/**
 * Moves blocked items whose `after` items all succeeded to pending, and skips blocked (or
 * pending) items one of whose `after` items failed or was skipped, with an event for each, in
 * one statement over the whole plan. Any worker may run it at any time: each row's move is
 * checked against its state again under the row's lock, so two workers never move one twice.
 * An `after` item in doubt holds its dependents until it is settled one way or the other.
 */
export async function promote(db: Pick<SqlClient, "query">, plan: string, worker: string): Promise<PlanWideMove[]> {
  const { rows } = await db.query<MoveRow>(
    `WITH deps AS (
      SELECT i.item_id, i.state,
        bool_and(d.state = 'succeeded') AS ready,
        (array_agg(d.item_id || CASE d.state WHEN 'failed' THEN ' failed' ELSE ' was skipped' END ORDER BY d.position)
          FILTER (WHERE d.state IN ('failed', 'skipped')))[1] AS bad
      FROM rk_item i JOIN rk_item d ON d.plan_id = i.plan_id AND d.item_id = ANY (i.after_ids)
      WHERE i.plan_id = $1 AND (i.state = 'blocked' OR (i.state = 'pending' AND cardinality(i.after_ids) > 0))
      GROUP BY i.item_id, i.state
    ), moved AS (
      UPDATE rk_item i SET
        state = CASE WHEN deps.bad IS NOT NULL THEN 'skipped' ELSE 'pending' END,
        reason = coalesce(deps.bad, i.reason),
        finished_at = CASE WHEN deps.bad IS NOT NULL THEN clock_timestamp() ELSE i.finished_at END
      FROM deps
      WHERE i.plan_id = $1 AND i.item_id = deps.item_id AND i.state = deps.state
        AND (deps.bad IS NOT NULL OR (deps.state = 'blocked' AND deps.ready))
      RETURNING i.item_id, deps.state AS from_state, i.state AS to_state, i.attempt, deps.bad
    )
    INSERT INTO rk_event (plan_id, item_id, from_state, to_state, attempt, worker, detail)
    SELECT $1, item_id, from_state, to_state, attempt, $2, CASE WHEN bad IS NULL THEN NULL ELSE jsonb_build_object('reason', bad) END FROM moved
    RETURNING item_id, from_state, to_state, attempt, detail`,
    [plan, worker],
  );
  return rows.map(toMove);
}

/** How many of the plan's items are in each state. */
export async function countItems(db: Pick<SqlClient, "query">, plan: string): Promise<Record<ItemState, number>> {
  const counts = Object.fromEntries(itemStates.map((s) => [s, 0])) as Record<ItemState, number>;
  const { rows } = await db.query<{ state: ItemState; n: number }>("SELECT state, count(*)::int AS n FROM rk_item WHERE plan_id = $1 GROUP BY state", [plan]);
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

/** What the operator last asked of the run, or `undefined` when the journal has no run of `plan`. */
export async function readControl(db: Pick<SqlClient, "query">, plan: string): Promise<PlanControl | undefined> {
  const { rows } = await db.query<{ control: PlanControl }>("SELECT control FROM rk_plan WHERE plan_id = $1", [plan]);
  return rows[0]?.control;
}

/** What `setControl` did. */
export interface ControlChange {
  readonly before: PlanControl;
  readonly after: PlanControl;
  /** Items a cancel skipped (pending or blocked ones: nothing of theirs had been sent). */
  readonly skipped: readonly string[];
}

/**
 * Pauses, resumes or cancels a run, through the journal: workers obey at their next heartbeat.
 * A cancel is final. It skips at once every item not yet sent (pending or blocked), so a worker
 * that tries to send one finds it moved and sends nothing; restores already sent are followed
 * to their end. Each change is an event of the plan, naming who made it.
 */
export async function setControl(db: Pick<SqlClient, "transaction">, plan: string, control: PlanControl, by: string): Promise<ControlChange> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ control: PlanControl }>("SELECT control FROM rk_plan WHERE plan_id = $1 FOR UPDATE", [plan]);
    const before = rows[0]?.control;
    if (before === undefined) throw new Error(`the journal has no run of the plan ${plan}`);
    if (before === "cancel" && control !== "cancel") throw new Error(`the run of ${plan} was cancelled; a cancelled run cannot be ${control === "run" ? "resumed" : "paused"}`);
    await tx.query("UPDATE rk_plan SET control = $2, updated_at = now() WHERE plan_id = $1", [plan, control]);
    await tx.query("INSERT INTO rk_event (plan_id, worker, detail) VALUES ($1, $2, $3)", [plan, by, JSON.stringify({ control, before })]);
    let skipped: string[] = [];
    if (control === "cancel") {
      const moved = await tx.query<{ item_id: string }>(
        `WITH old AS (
          SELECT item_id, state FROM rk_item WHERE plan_id = $1 AND state IN ('pending', 'blocked') FOR UPDATE
        ), moved AS (
          UPDATE rk_item i SET state = 'skipped', reason = 'cancelled by the operator', finished_at = clock_timestamp()
          FROM old WHERE i.plan_id = $1 AND i.item_id = old.item_id
          RETURNING i.item_id, old.state AS from_state, i.attempt
        )
        INSERT INTO rk_event (plan_id, item_id, from_state, to_state, attempt, worker, detail)
        SELECT $1, item_id, from_state, 'skipped', attempt, $2, jsonb_build_object('reason', 'cancelled by the operator') FROM moved
        RETURNING item_id`,
        [plan, by],
      );
      skipped = moved.rows.map((r) => r.item_id);
    }
    return { before, after: control, skipped };
  });
}
