-- A closed check can come again with a later revision: a card payment stored offline and settled (approved or
-- declined) after the close re-queues the check on the host. The posted row follows the latest revision, so the
-- sales report counts what was really paid; it is still one row (posted once), and gift card debits, made when
-- the row is first inserted (V008), are not made again. An older or equal revision changes nothing.
CREATE OR REPLACE FUNCTION possync_post_check(tx_id uuid, property uuid, c jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
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

CREATE TRIGGER possync_repost_check AFTER UPDATE OF payload ON offline_transactions
  FOR EACH ROW WHEN (NEW.payload ->> 'type' = 'check' AND NEW.payload IS DISTINCT FROM OLD.payload)
  EXECUTE FUNCTION possync_post_check_trigger();
