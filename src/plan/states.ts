/**
 * An item's states, and the only moves between them. The journal enforces the same table in
 * the database (a trigger refuses any other move), so no code path can skip a step.
 *
 * - `blocked`: waiting for the items named in `after`;
 * - `pending`: ready to be sent (again: a refusal before processing, or no connection);
 * - `sending`: committed before the restore is sent; found here after a crash, the item is
 *   reconciled from the service's own records, never resent blindly;
 * - `accepted` (with the IDs the service returned), then `waiting` for it to finish;
 * - `in-doubt`: the evidence cannot tell whether the restore started; resent only when the
 *   operator names it;
 * - `succeeded`, `failed` (with a reason), `skipped` (a dependency did not succeed).
 */
export const itemStates = ["blocked", "pending", "sending", "accepted", "waiting", "in-doubt", "succeeded", "failed", "skipped"] as const;

export type ItemState = (typeof itemStates)[number];

export const transitions: Readonly<Record<ItemState, readonly ItemState[]>> = {
  blocked: ["pending", "skipped"],
  pending: ["sending", "skipped"],
  sending: ["accepted", "pending", "failed", "in-doubt"],
  accepted: ["waiting"],
  waiting: ["succeeded", "failed"],
  "in-doubt": ["accepted", "sending", "failed"],
  succeeded: [],
  failed: [],
  skipped: [],
};

/** States an item stays in unless the operator acts: the run is over when every item is in one. */
export const settledStates: ReadonlySet<ItemState> = new Set(["succeeded", "failed", "skipped", "in-doubt"]);
