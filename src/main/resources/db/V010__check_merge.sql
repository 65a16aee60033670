-- GREEN mode's merge (issue 11, cloud/pos/CheckMerger): the host sends every check it changes; the cloud answers
-- with the state that stays (core/caps/CheckMerge) and with what changed on the cloud that the host has not agreed
-- to. The exchange of one check runs in one transaction holding the check's row (SELECT ... FOR UPDATE), so a
-- workstation writing the same check on the cloud at that moment waits for it, then loses its compare-and-set on
-- revision and applies its change to the merged state.

-- The revision the host last agreed on: NULL for a check opened on the cloud. A check whose revision differs from it
-- changed on the cloud since: it goes to the host at its next exchange.
ALTER TABLE pos_checks ADD COLUMN host_revision integer;
CREATE INDEX pos_checks_unagreed_idx ON pos_checks (property_id, updated_at)
  WHERE host_revision IS DISTINCT FROM revision;

-- States a merge overwrote, as core/caps/AuditEntry JSON (the host keeps the same entries, by id).
CREATE TABLE pos_check_audit (
  property_id uuid NOT NULL REFERENCES properties(id),
  id text NOT NULL,
  check_id text NOT NULL,
  at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  PRIMARY KEY (property_id, id)
);
CREATE INDEX pos_check_audit_check_idx ON pos_check_audit (property_id, check_id, at);
