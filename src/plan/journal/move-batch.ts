import type { ItemState } from "../states.js";
import type { SqlClient } from "./sql-client.js";

/** One move of one item, as `Journal.move` was asked for it: every column it sets, and its event. */
export interface MoveRow {
  readonly plan_id: string;
  readonly item_id: string;
  readonly from_state: ItemState;
  readonly to_state: ItemState;
  /** Unset columns are left as they are; `set_*` says whether a nullable column is set (to null, perhaps). */
  readonly attempt: number | null;
  readonly set_accepted: boolean;
  readonly accepted: unknown;
  readonly set_reason: boolean;
  readonly reason: string | null;
  readonly set_evidence: boolean;
  readonly evidence: unknown;
  readonly set_not_before: boolean;
  readonly not_before: string | null;
  readonly sent_at: string | null;
  readonly accepted_now: boolean;
  readonly finished_now: boolean;
  /** The lease fence: the move happens only while this worker holds the item at this generation. */
  readonly fence_worker: string | null;
  readonly fence_gen: number | null;
  readonly fence_live: boolean;
  readonly extend_ms: number | null;
  readonly worker: string | null;
  readonly request_id: string | null;
  readonly fate: string | null;
  readonly detail: unknown;
}

/** The arguments of `rk_move_one` (migration 4), in order. */
const oneMoveArgs = (m: MoveRow): unknown[] => {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return [
    m.plan_id, m.item_id, m.from_state, m.to_state, m.attempt,
    m.set_accepted, json(m.accepted), m.set_reason, m.reason, m.set_evidence, json(m.evidence), m.set_not_before, m.not_before,
    m.sent_at, m.accepted_now, m.finished_now, m.fence_worker, m.fence_gen, m.fence_live, m.extend_ms,
    m.worker, m.request_id, m.fate, json(m.detail),
  ];
};
const oneMove = `SELECT rk_move_one(${Array.from({ length: 24 }, (_, n) => `$${n + 1}`).join(", ")}) AS moved`;

/**
 * Makes `moves` in as few statements as their items allow, in the caller's transaction: an item
 * moved twice in one batch is moved by a later statement, so that its second move sees its
 * first. Returns, for each move, whether it was made.
 */
export async function applyMoves(tx: Pick<SqlClient, "query">, moves: readonly MoveRow[]): Promise<boolean[]> {
  // A move alone costs less through its own function than through the record set's (on PGlite, 1.2 ms against 1.9).
  if (moves.length === 1 && moves[0]) return [(await tx.query<{ moved: boolean }>(oneMove, oneMoveArgs(moves[0]))).rows[0]?.moved === true];
  const made = new Array<boolean>(moves.length).fill(false);
  // Rounds: the k-th move of each item goes in round k.
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  moves.forEach((move, n) => {
    const key = JSON.stringify([move.plan_id, move.item_id]);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    (rounds[k] ??= []).push(n);
  });
  for (const round of rounds) {
    const rows = round.map((n) => ({ n, ...moves[n] }));
    const { rows: done } = await tx.query<{ n: number }>("SELECT n FROM rk_apply_moves($1::jsonb) AS n", [JSON.stringify(rows)]);
    for (const { n } of done) made[n] = true;
  }
  return made;
}
