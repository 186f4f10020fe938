import { itemStates, settledStates, transitions } from "../../states.js";

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The journal's first schema: plans, items, the allowed state moves (enforced by a trigger),
 * and an append-only event log. Written for PostgreSQL 15 and later (PGlite included).
 */
export const sql = `
CREATE TABLE rk_plan (
  plan_id     text PRIMARY KEY,
  digest      text NOT NULL,
  document    jsonb NOT NULL,
  control     text NOT NULL DEFAULT 'run' CHECK (control IN ('run', 'pause', 'cancel')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rk_state (
  name     text PRIMARY KEY,
  settled  boolean NOT NULL
);
INSERT INTO rk_state (name, settled) VALUES
  ${itemStates.map((s) => `(${quote(s)}, ${settledStates.has(s)})`).join(",\n  ")};

CREATE TABLE rk_transition (
  from_state  text NOT NULL REFERENCES rk_state (name),
  to_state    text NOT NULL REFERENCES rk_state (name),
  PRIMARY KEY (from_state, to_state)
);
INSERT INTO rk_transition (from_state, to_state) VALUES
  ${Object.entries(transitions)
    .flatMap(([from, tos]) => tos.map((to) => `(${quote(from)}, ${quote(to)})`))
    .join(",\n  ")};

CREATE TABLE rk_item (
  plan_id      text NOT NULL REFERENCES rk_plan (plan_id) ON DELETE CASCADE,
  item_id      text NOT NULL,
  position     integer NOT NULL,
  service      text NOT NULL,
  spec         jsonb NOT NULL,
  after_ids    text[] NOT NULL DEFAULT '{}',
  budget_ms    bigint NOT NULL,
  state        text NOT NULL REFERENCES rk_state (name),
  attempt      integer NOT NULL DEFAULT 0,
  accepted     jsonb,
  reason       text,
  evidence     jsonb,
  first_sent_at timestamptz,
  sent_at      timestamptz,
  accepted_at  timestamptz,
  finished_at  timestamptz,
  not_before   timestamptz,
  lease_owner  text,
  lease_until  timestamptz,
  lease_gen    integer NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, item_id)
);
CREATE INDEX rk_item_state ON rk_item (plan_id, state);

CREATE FUNCTION rk_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state IS DISTINCT FROM OLD.state
     AND NOT EXISTS (SELECT 1 FROM rk_transition WHERE from_state = OLD.state AND to_state = NEW.state) THEN
    RAISE EXCEPTION 'restorekit journal: item % may not move from % to %', OLD.item_id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER rk_item_transition BEFORE UPDATE ON rk_item FOR EACH ROW EXECUTE FUNCTION rk_check_transition();

CREATE TABLE rk_event (
  seq         bigserial PRIMARY KEY,
  plan_id     text NOT NULL,
  item_id     text,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  from_state  text,
  to_state    text,
  attempt     integer,
  worker      text,
  request_id  text,
  fate        text,
  detail      jsonb
);
CREATE INDEX rk_event_plan ON rk_event (plan_id, seq);

CREATE FUNCTION rk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'restorekit journal: rk_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER rk_event_append_only BEFORE UPDATE OR DELETE ON rk_event FOR EACH ROW EXECUTE FUNCTION rk_append_only();
`;
