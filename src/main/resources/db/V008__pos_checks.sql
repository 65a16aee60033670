-- GREEN mode (issue 11): the cloud keeps checks of a property whose service host is down (cloud/pos/PgCheckStore).
-- Several cloud nodes may serve one property at once: every rule is kept by the database, not by a node's memory.

-- Checks as the POS writes them; payload is the check's JSON. A write is a compare-and-set on revision.
CREATE TABLE pos_checks (
  property_id uuid NOT NULL REFERENCES properties(id),
  id text NOT NULL,
  business_date date NOT NULL,
  number integer NOT NULL,
  status text NOT NULL,
  revision integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  PRIMARY KEY (property_id, id),
  UNIQUE (property_id, business_date, number)
);
CREATE INDEX pos_checks_status_idx ON pos_checks (property_id, status, business_date, number);

-- The last check number given per property and business date (the row is locked by the commit that takes one).
CREATE TABLE pos_check_numbers (
  property_id uuid NOT NULL REFERENCES properties(id),
  business_date date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (property_id, business_date)
);

-- The answer kept for a device's idempotency key, written with the check it answers.
CREATE TABLE pos_idempotency (
  property_id uuid NOT NULL REFERENCES properties(id),
  device_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  body jsonb NOT NULL,
  PRIMARY KEY (property_id, device_id, key)
);
CREATE INDEX pos_idempotency_created_idx ON pos_idempotency (created_at);

-- The kitchen outbox: what the kitchen must hear of a write (lines sent or voided), written with it.
CREATE TABLE pos_kitchen_events (
  seq bigserial PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id),
  id text NOT NULL,
  check_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL,
  payload jsonb NOT NULL,
  UNIQUE (property_id, id)
);
CREATE INDEX pos_kitchen_events_pending_idx ON pos_kitchen_events (property_id, seq) WHERE status = 'pending';

-- A check closed on the cloud is posted like an upload, but no service host took it: its transaction has none.
ALTER TABLE offline_transactions ALTER COLUMN service_host_id DROP NOT NULL;
