-- POS (POS-API.md sections 1, 4 and 7): device signing keys, the service charge's tax group, posted checks.

-- A property's device signing keys (catalog entity deviceSigningKeys). The public half syncs to hosts, which verify
-- device tokens with it; private_key is a secret column (never in a snapshot, delta, export or admin answer). It is
-- null for a key that came from a file (an export carries no private half): such a key verifies, never signs.
CREATE TABLE device_signing_keys (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) DEFERRABLE INITIALLY IMMEDIATE,
  public_key text NOT NULL,
  private_key text,
  active boolean NOT NULL
);
CREATE INDEX device_signing_keys_property_id_idx ON device_signing_keys (property_id);
-- At most one key signs for a property: two first token issues racing insert one key (ON CONFLICT on this index).
CREATE UNIQUE INDEX device_signing_keys_signing_idx ON device_signing_keys (property_id)
  WHERE active AND private_key IS NOT NULL;

-- A taxable service charge is taxed in its tax group (untaxed when null).
ALTER TABLE service_charges ADD COLUMN tax_group_id uuid REFERENCES tax_groups(id) DEFERRABLE INITIALLY IMMEDIATE;
CREATE INDEX service_charges_tax_group_id_idx ON service_charges (tax_group_id);

-- Checks posted by hosts, queryable by business date. Filled from offline_transactions by the triggers below: one
-- row per check (posted once). A repeated upload of the same revision changes nothing; a later revision (a card
-- payment stored offline and settled after the close re-queues the check) replaces the row's content, so the sales
-- report counts what was really paid. Gift card debits, made when the row is first inserted, are not made again.
CREATE TABLE posted_checks (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id),
  business_date date NOT NULL,
  number integer NOT NULL,
  rvc_id uuid,
  status text NOT NULL,
  total_cents bigint NOT NULL,
  payload jsonb NOT NULL,
  posted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posted_checks_property_date_idx ON posted_checks (property_id, business_date, number);

-- Posts one check transaction; a check as possync never writes one is left in offline_transactions only (an upload
-- is never refused for it).
CREATE FUNCTION possync_post_check(tx_id uuid, property uuid, c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF c IS NULL OR jsonb_typeof(c) <> 'object' THEN
    RETURN;
  END IF;
  BEGIN
    -- What the sales query reads must be there and of its type, so one odd upload cannot break a day's report.
    IF jsonb_typeof(c -> 'payments') IS DISTINCT FROM 'array' OR array_position(ARRAY[
         (c ->> 'guestCount')::bigint, (c ->> 'subtotalCents')::bigint, (c ->> 'discountTotalCents')::bigint,
         (c ->> 'serviceChargeTotalCents')::bigint, (c ->> 'taxTotalCents')::bigint, (c ->> 'totalCents')::bigint,
         (c ->> 'changeDueCents')::bigint, (c ->> 'revision')::bigint], NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(c -> 'payments') p
                   WHERE jsonb_typeof(p) <> 'object' OR (p ->> 'amountCents')::bigint IS NULL
                      OR (p ->> 'tipCents')::bigint < 0) THEN
      RETURN;
    END IF;
    INSERT INTO posted_checks AS pc (id, property_id, business_date, number, rvc_id, status, total_cents, payload)
    VALUES (tx_id, property, (c ->> 'businessDate')::date, (c ->> 'number')::integer,
            (c ->> 'rvcId')::uuid, c ->> 'status', (c ->> 'totalCents')::bigint, c)
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, total_cents = EXCLUDED.total_cents,
           payload = EXCLUDED.payload
     WHERE pc.property_id = EXCLUDED.property_id
       AND (pc.payload ->> 'revision')::bigint < (EXCLUDED.payload ->> 'revision')::bigint;
  EXCEPTION WHEN data_exception OR not_null_violation THEN
    NULL;
  END;
END
$fn$;

CREATE FUNCTION possync_post_check_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM possync_post_check(NEW.id, NEW.property_id, NEW.payload -> 'check');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER possync_post_check AFTER INSERT ON offline_transactions
  FOR EACH ROW WHEN (NEW.payload ->> 'type' = 'check') EXECUTE FUNCTION possync_post_check_trigger();
CREATE TRIGGER possync_repost_check AFTER UPDATE OF payload ON offline_transactions
  FOR EACH ROW WHEN (NEW.payload ->> 'type' = 'check' AND NEW.payload IS DISTINCT FROM OLD.payload)
  EXECUTE FUNCTION possync_post_check_trigger();

-- Checks uploaded before this migration.
SELECT possync_post_check(id, property_id, payload -> 'check') FROM offline_transactions
 WHERE payload ->> 'type' = 'check' ORDER BY received_at, id;
