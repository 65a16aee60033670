-- GREEN mode's kitchen displays (issue 11, cloud/pos/CloudKitchen): a send made on the cloud becomes KDS tickets for
-- the displays connected to the cloud, and its events still go to the host when it is back (status pending -> done
-- when the host took them, V008). kds_done says the cloud's displays got it; the two are independent.
ALTER TABLE pos_kitchen_events ADD COLUMN kds_done boolean NOT NULL DEFAULT false;
CREATE INDEX pos_kitchen_events_kds_idx ON pos_kitchen_events (property_id, seq) WHERE NOT kds_done;

-- Tickets as core/kitchen/KdsTicket's stored JSON. A dispatch claims its events with FOR UPDATE SKIP LOCKED, so of
-- several nodes woken by one send exactly one makes its tickets.
CREATE TABLE pos_kds_tickets (
  property_id uuid NOT NULL REFERENCES properties(id),
  id text NOT NULL,
  display_id text NOT NULL,
  check_id text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  bumped_at timestamptz,
  payload jsonb NOT NULL,
  PRIMARY KEY (property_id, id)
);
CREATE INDEX pos_kds_tickets_display_idx ON pos_kds_tickets (property_id, display_id, status, created_at);
CREATE INDEX pos_kds_tickets_check_idx ON pos_kds_tickets (property_id, check_id);
