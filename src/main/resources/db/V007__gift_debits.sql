-- Gift card debits (POS-API.md section 6): a posted check debits each gift card that paid on it, in the transaction
-- that stores the check. posted_checks gets its row once per check (the first upload inserts it; a repeat or a later
-- revision only updates it, see V005), so a card is debited exactly once per payment. The debit is a plain UPDATE of
-- gift_cards: the capture triggers log it as a config change and the new balance syncs to every property of the
-- enterprise. A payment debits what the host charged the card: amountCents plus tipCents (a host takes both from the
-- card's balance; gift card tenders allow no tip in practice, so that is amountCents).
--
-- Nothing here refuses a posting: a card is debited below zero when offline spends at two properties overdraw it
-- (gift_cards has no CHECK on balance_cents; the catalog sets no minimum), a payment naming no card its host may
-- spend (of the check's enterprise, or of its property) debits nothing, and an id that is not a uuid is ignored
-- rather than cast (a cast error would undo the posting in possync_post_check's exception block).
CREATE FUNCTION possync_debit_gift_cards() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- In numeric, clamped to bigint: absurd amounts still post (an overflow would be a data_exception).
  UPDATE gift_cards g SET balance_cents = greatest(g.balance_cents - d.amount, -9223372036854775808)::bigint
    FROM (SELECT card, sum(amount) AS amount
            FROM (SELECT CASE WHEN p ->> 'giftCardId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                              THEN (p ->> 'giftCardId')::uuid END AS card,
                         (p ->> 'amountCents')::numeric + coalesce((p ->> 'tipCents')::numeric, 0) AS amount
                    FROM jsonb_array_elements(NEW.payload -> 'payments') p
                   WHERE p ->> 'status' IN ('approved', 'stored')) x
           WHERE card IS NOT NULL
           GROUP BY card) d
   WHERE g.id = d.card AND d.amount <> 0
     -- The cards a host may spend: its enterprise's, or its own property's.
     AND g.enterprise_id = (SELECT enterprise_id FROM properties WHERE id = NEW.property_id)
     AND (g.property_id IS NULL OR g.property_id = NEW.property_id);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER possync_debit_gift_cards AFTER INSERT ON posted_checks
  FOR EACH ROW EXECUTE FUNCTION possync_debit_gift_cards();

-- Overdrawn cards are listed by enterprise (GET /api/admin/gift-cards?overdrawn=true).
CREATE INDEX gift_cards_overdrawn_idx ON gift_cards (enterprise_id) WHERE balance_cents < 0;
