/**
 * The second schema: what many workers on one PostgreSQL journal share. Leases on items were in
 * the first schema; this adds the index claims search by, and one row per rate budget
 * (`cloud/region/service/project`) holding the adaptive rate's state, which workers draw token
 * grants from in short transactions.
 */
export const sql = `
CREATE INDEX rk_item_claim ON rk_item (plan_id, state, position);

CREATE TABLE rk_rate (
  budget_key  text PRIMARY KEY,
  state       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
`;
