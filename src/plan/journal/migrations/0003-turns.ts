/**
 * The third schema: each item's turn among its service's items (1 for the first in plan order,
 * 2 for the second, and so on), fixed when the item is recorded. Claims take items by turn, then
 * position, so the services come in turn; as a column, the order needs no window over the plan
 * (with thousands of items, a window joined back to the table made a claim take seconds), and
 * an index serves it.
 */
export const sql = `
ALTER TABLE rk_item ADD COLUMN turn integer;

UPDATE rk_item i SET turn = t.turn
FROM (SELECT plan_id, item_id, row_number() OVER (PARTITION BY plan_id, service ORDER BY position) AS turn FROM rk_item) t
WHERE i.plan_id = t.plan_id AND i.item_id = t.item_id;

ALTER TABLE rk_item ALTER COLUMN turn SET NOT NULL;

DROP INDEX rk_item_claim;
CREATE INDEX rk_item_claim ON rk_item (plan_id, state, turn, position);
`;
