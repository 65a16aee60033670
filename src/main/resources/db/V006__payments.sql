-- Offline card limits of a property (POS-API.md section 6): the most one stored card payment may be, and the most
-- stored card payments may add up to while the processor is unreachable. 0 (the default) means no offline cards;
-- a NULL (a row written without the fields) is read as 0 by the host.
ALTER TABLE properties ADD COLUMN offline_card_limit_cents bigint DEFAULT 0
  CHECK (offline_card_limit_cents IS NULL OR offline_card_limit_cents >= 0);
ALTER TABLE properties ADD COLUMN offline_card_total_limit_cents bigint DEFAULT 0
  CHECK (offline_card_total_limit_cents IS NULL OR offline_card_total_limit_cents >= 0);
