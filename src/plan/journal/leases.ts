import type { ItemState } from "../states.js";
import { type ItemRecord, type ItemRow, toRecord } from "./journal.js";
import type { SqlClient } from "./sql-client.js";

/** An item claimed from another worker whose lease had run out. */
export interface Reclaim {
  readonly item: string;
  readonly from: string;
  readonly gen: number;
}

/** Items claimed by one statement at the most. */
const claimPage = 500;

/**
 * The leases one worker holds on a plan's items. A worker works only on items it holds: it
 * claims them with `FOR UPDATE SKIP LOCKED` (so workers never wait on each other, nor claim the
 * same item), each claim raises the item's lease generation, and every move the worker makes is
 * fenced by that generation. Leases run on the database's clock. A worker that stops renewing
 * loses its items when their leases expire, and another claims them; claiming one from another
 * worker records a `reclaimed` event, naming the worker it came from.
 *
 * On an exclusive journal (one process at a time can open it), the first claim (`takeover`)
 * takes every matching item whoever held it, since the holder is a process that has died; later
 * claims take what this worker does not hold, and leases need no renewing.
 */
export class Leases {
  constructor(
    private readonly db: Pick<SqlClient, "query">,
    readonly plan: string,
    readonly worker: string,
    readonly leaseMs: number,
    readonly exclusive: boolean,
  ) {}

  /**
   * Claims up to `limit` items in `states`, in plan order within each service, the services taken
   * in turn (by each item's turn; so that every service's budget has work from the start), and
   * returns them in that order: items no one holds, or whose lease has
   * run out. Pending items wait until their `not_before`, except on an exclusive journal, whose
   * one worker holds them all anyway.
   */
  async claim(states: readonly ItemState[], limit: number, takeover = false): Promise<{ readonly items: ItemRecord[]; readonly reclaimed: Reclaim[] }> {
    const items: ItemRecord[] = [];
    const reclaimed: Reclaim[] = [];
    // In pages: an exclusive worker's first claim takes a whole plan, and one result of
    // thousands of rows would be held at once (PGlite keeps a buffer the size of its largest).
    let after: readonly [number, number] | undefined;
    while (items.length < limit) {
      const want = Math.min(limit - items.length, claimPage);
      const page = await this.#claimPage(states, want, takeover, after);
      items.push(...page.items);
      reclaimed.push(...page.reclaimed);
      if (page.items.length < want || !page.last) break;
      after = page.last;
    }
    return { items, reclaimed };
  }

  /** One page of a claim: the items after `after` (a turn and position), in that order. */
  async #claimPage(states: readonly ItemState[], limit: number, takeover: boolean, after: readonly [number, number] | undefined) {
    // Which rows may be claimed, for the table as `t` (checked again on each row as it is
    // locked: a row another worker claimed meanwhile no longer qualifies).
    const claimable = (t: string) => {
      const free = !this.exclusive
        ? `(${t}.lease_owner IS NULL OR ${t}.lease_until IS NULL OR ${t}.lease_until < clock_timestamp())`
        : takeover
          ? "TRUE"
          : `${t}.lease_owner IS DISTINCT FROM $2`;
      const due = this.exclusive ? "" : `AND (${t}.state <> 'pending' OR ${t}.not_before IS NULL OR ${t}.not_before <= clock_timestamp())`;
      const later = after ? `AND (${t}.turn, ${t}.position) > ($6, $7)` : "";
      return `${t}.plan_id = $1 AND ${t}.state = ANY($3::text[]) AND ${free} ${due} ${later}`;
    };
    const { rows } = await this.db.query<ItemRow & { previous: string | null; turn: number }>(
      `WITH candidate AS (
        SELECT i.item_id, i.lease_owner AS previous FROM rk_item i
        WHERE ${claimable("i")}
        ORDER BY i.turn, i.position LIMIT $4 FOR UPDATE OF i SKIP LOCKED
      ), claimed AS (
        UPDATE rk_item i SET lease_owner = $2, lease_until = clock_timestamp() + $5 * interval '1 millisecond', lease_gen = i.lease_gen + 1
        FROM candidate c WHERE i.plan_id = $1 AND i.item_id = c.item_id
        RETURNING i.*, c.previous
      ), noted AS (
        INSERT INTO rk_event (plan_id, item_id, worker, fate, detail)
        SELECT $1, item_id, $2, 'reclaimed', jsonb_build_object('lease', 'reclaimed', 'from', previous, 'generation', lease_gen, 'state', state)
        FROM claimed WHERE previous IS NOT NULL AND previous <> $2
      )
      SELECT * FROM claimed ORDER BY turn, position`,
      [this.plan, this.worker, [...states], limit, this.leaseMs, ...(after ?? [])],
    );
    const reclaimed = rows.filter((r) => r.previous !== null && r.previous !== this.worker).map((r) => ({ item: r.item_id, from: r.previous as string, gen: r.lease_gen }));
    const last = rows.at(-1);
    return { items: rows.map(toRecord), reclaimed, last: last && ([Number(last.turn), last.position] as const) };
  }

  /**
   * Renews every lease this worker still holds on an unsettled item, and returns them by item
   * with their generation and state. An item this worker thinks it holds and that is not
   * returned is lost: its lease ran out, or it was settled by someone else (a cancel). Rows are
   * locked in item order, as the journal's group commits lock them, so the two never deadlock.
   */
  async renew(): Promise<Map<string, { readonly gen: number; readonly state: ItemState }>> {
    const { rows } = await this.db.query<{ item_id: string; lease_gen: number; state: ItemState }>(
      `WITH mine AS (
        SELECT item_id FROM rk_item
        WHERE plan_id = $1 AND lease_owner = $2 AND lease_until > clock_timestamp() AND state IN ('pending', 'sending', 'accepted', 'waiting')
        ORDER BY item_id FOR UPDATE
      )
      UPDATE rk_item i SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'
      FROM mine WHERE i.plan_id = $1 AND i.item_id = mine.item_id AND i.lease_owner = $2
      RETURNING i.item_id, i.lease_gen, i.state`,
      [this.plan, this.worker, this.leaseMs],
    );
    return new Map(rows.map((r) => [r.item_id, { gen: r.lease_gen, state: r.state }]));
  }

  /** Gives up every lease this worker holds, so that others may claim its items at once. */
  async release(): Promise<number> {
    const { rows } = await this.db.query<{ item_id: string }>("UPDATE rk_item SET lease_owner = NULL, lease_until = NULL WHERE plan_id = $1 AND lease_owner = $2 RETURNING item_id", [this.plan, this.worker]);
    return rows.length;
  }
}
