-- The cloud sync service: host status, offline transactions, token invalidation.

-- Each host's last reported state (one row per host; the history is in service_host_metrics).
CREATE TABLE service_host_status (
  service_host_id uuid PRIMARY KEY REFERENCES service_hosts(id) ON DELETE CASCADE,
  property_id uuid NOT NULL REFERENCES properties(id) ON DELETE CASCADE,
  last_heartbeat_at timestamptz NOT NULL,
  applied_version integer,
  epoch text,
  connection_mode text,
  pending_transactions integer,
  last_rejected_version integer,
  last_rejected_reason text,
  last_error text,
  repair text[]
);
CREATE INDEX service_host_status_property_idx ON service_host_status (property_id);

-- Transactions a host took while offline. Idempotent by id; the host is authoritative for their content
-- (seed: "Service Host wins for transaction data").
CREATE TABLE offline_transactions (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id),
  service_host_id uuid NOT NULL REFERENCES service_hosts(id),
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL
);
CREATE INDEX offline_transactions_property_idx ON offline_transactions (property_id, received_at);

-- Every cloud node caches token lookups; a rotated token, a deactivated or deleted host, by possync or by hand,
-- tells them all to forget it.
CREATE FUNCTION possync_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('possync_auth', OLD.id::text);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER possync_auth_changed AFTER UPDATE OF auth_token, active OR DELETE ON service_hosts
  FOR EACH ROW EXECUTE FUNCTION possync_auth_changed();
