-- Versioned change log (DESIGN.md section 5).

-- One row per database: the epoch. A host whose epoch differs from the cloud's full-syncs.
CREATE TABLE possync_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO possync_meta (key, value) VALUES ('epoch', gen_random_uuid()::text);

-- The per-property version counter. Its row lock, taken by the first change of a transaction and held to
-- commit, serialises version numbers with commit order: whoever sees version V sees every change up to V.
-- min_delta_version: a delta ?since=V needs V >= this (raised by compaction; 1 at creation, since a delta
-- from 0 would miss rows that existed before the property, such as its enterprise and the privileges).
CREATE TABLE property_versions (
  property_id uuid PRIMARY KEY REFERENCES properties(id) ON DELETE CASCADE,
  version integer NOT NULL,
  min_delta_version integer NOT NULL DEFAULT 1
);

-- The seed's config_versions, plus seq (order of changes inside one version) and timestamptz for changed_at.
CREATE TABLE config_versions (
  id uuid PRIMARY KEY,
  property_id uuid NOT NULL REFERENCES properties(id) ON DELETE CASCADE,
  version integer NOT NULL,
  entity_type varchar(100) NOT NULL,
  entity_id uuid NOT NULL,
  operation varchar(20) NOT NULL,
  data jsonb,
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES employees(id) ON DELETE SET NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX idx_config_versions_property_version ON config_versions (property_id, version);

-- The one capture function, attached to every synced table by CaptureTriggers (from the catalog) with:
--   TG_ARGV[0] column holding the row's property id ('' if none)
--   TG_ARGV[1] column holding the row's enterprise id ('' if none); a row with neither reaches every property
--   TG_ARGV[2] urgency: 'always', 'deactivate' (needs an "active" column: turned false, or deleted) or 'never'
--   TG_ARGV[3..] secret columns, never logged
-- Each change is logged once per property it reaches, under that property's version for this transaction.
-- Scope columns are read as NEW.<column> where the catalog's usual names allow it: PL/pgSQL plans a statement
-- when it first runs it, per table, so a table only ever runs the branches its columns fit. Other names go
-- through jsonb.
CREATE FUNCTION possync_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  pcol text := TG_ARGV[0];
  ecol text := TG_ARGV[1];
  new_doc jsonb;
  entity uuid;
  new_p uuid;
  old_p uuid;
  new_e uuid;
  old_e uuid;
  new_targets uuid[] := '{}';
  old_targets uuid[] := '{}';
  targets uuid[];
  urgent boolean := false;
  changer uuid;
  one uuid;
  guc text;
  cached text;
  notified text;
  kind text;
  v integer;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF TG_NARGS > 3 THEN
      -- Only a secret column changed (a token rotation): nothing a host can see.
      IF to_jsonb(NEW) - TG_ARGV[3:TG_NARGS - 1] = to_jsonb(OLD) - TG_ARGV[3:TG_NARGS - 1] THEN RETURN NULL; END IF;
    ELSIF NEW IS NOT DISTINCT FROM OLD THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    entity := OLD.id;
  ELSE
    entity := NEW.id;
    new_doc := to_jsonb(NEW);
    IF TG_NARGS > 3 THEN new_doc := new_doc - TG_ARGV[3:TG_NARGS - 1]; END IF;
  END IF;

  IF pcol = 'property_id' THEN
    IF TG_OP <> 'DELETE' THEN new_p := NEW.property_id; END IF;
    IF TG_OP <> 'INSERT' THEN old_p := OLD.property_id; END IF;
  ELSIF pcol = 'id' THEN
    IF TG_OP <> 'DELETE' THEN new_p := NEW.id; END IF;
    IF TG_OP <> 'INSERT' THEN old_p := OLD.id; END IF;
  ELSIF pcol <> '' THEN
    new_p := (new_doc ->> pcol)::uuid;
    IF TG_OP <> 'INSERT' THEN old_p := (to_jsonb(OLD) ->> pcol)::uuid; END IF;
  END IF;
  IF ecol = 'enterprise_id' THEN
    IF TG_OP <> 'DELETE' THEN new_e := NEW.enterprise_id; END IF;
    IF TG_OP <> 'INSERT' THEN old_e := OLD.enterprise_id; END IF;
  ELSIF ecol = 'id' THEN
    IF TG_OP <> 'DELETE' THEN new_e := NEW.id; END IF;
    IF TG_OP <> 'INSERT' THEN old_e := OLD.id; END IF;
  ELSIF ecol <> '' THEN
    new_e := (new_doc ->> ecol)::uuid;
    IF TG_OP <> 'INSERT' THEN old_e := (to_jsonb(OLD) ->> ecol)::uuid; END IF;
  END IF;

  IF TG_OP <> 'DELETE' THEN
    IF new_p IS NOT NULL THEN new_targets := ARRAY[new_p];
    ELSIF ecol <> '' THEN new_targets := ARRAY(SELECT id FROM properties WHERE enterprise_id = new_e ORDER BY id);
    ELSIF pcol = '' THEN new_targets := ARRAY(SELECT id FROM properties ORDER BY id);
    END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    IF old_p IS NOT NULL THEN old_targets := ARRAY[old_p];
    ELSIF ecol <> '' THEN old_targets := ARRAY(SELECT id FROM properties WHERE enterprise_id = old_e ORDER BY id);
    ELSIF pcol = '' THEN old_targets := ARRAY(SELECT id FROM properties ORDER BY id);
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND new_targets <> old_targets THEN
    -- The row moved (to another property, or another enterprise): it leaves the old ones.
    targets := ARRAY(SELECT DISTINCT t FROM unnest(new_targets || old_targets) t ORDER BY t);
  ELSIF TG_OP = 'DELETE' THEN
    targets := old_targets;
  ELSE
    targets := new_targets;
  END IF;

  IF TG_ARGV[2] = 'always' THEN
    urgent := true;
  ELSIF TG_ARGV[2] = 'deactivate' THEN
    urgent := TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.active AND NOT NEW.active);
  END IF;
  kind := CASE WHEN urgent THEN 'urgent' ELSE 'updated' END;
  changer := nullif(current_setting('possync.changed_by', true), '')::uuid;

  IF TG_TABLE_NAME = 'properties' AND TG_OP = 'INSERT' THEN
    INSERT INTO property_versions (property_id, version) VALUES (NEW.id, 0) ON CONFLICT DO NOTHING;
  END IF;

  -- Targets are in property id order, so two fan-out transactions lock counters in the same order.
  FOREACH one IN ARRAY targets LOOP
    -- This transaction's version of the property, once taken, is kept in a transaction-local setting:
    -- later rows skip the lock and the notification. SET LOCAL values end with the transaction, and with a
    -- savepoint rolled back, exactly like the counter update they stand for.
    guc := 'possync.tx_' || replace(one::text, '-', '_');
    cached := current_setting(guc, true);
    IF cached IS NULL OR cached = '' THEN
      UPDATE property_versions SET version = version + 1 WHERE property_id = one RETURNING version INTO v;
      IF NOT FOUND THEN
        CONTINUE; -- the property itself is being deleted
      END IF;
      notified := '';
    ELSE
      v := split_part(cached, ':', 1)::integer;
      notified := split_part(cached, ':', 2);
    END IF;
    IF one = ANY (new_targets) THEN
      INSERT INTO config_versions (id, property_id, version, entity_type, entity_id, operation, data, changed_by)
      VALUES (gen_random_uuid(), one, v, TG_TABLE_NAME, entity,
              CASE WHEN TG_OP = 'UPDATE' AND NOT (one = ANY (old_targets)) THEN 'INSERT' ELSE TG_OP END,
              new_doc, changer);
    ELSE
      INSERT INTO config_versions (id, property_id, version, entity_type, entity_id, operation, data, changed_by)
      VALUES (gen_random_uuid(), one, v, TG_TABLE_NAME, entity, 'DELETE', NULL, changer);
    END IF;
    -- A property that moved to another enterprise, or turned a feature on or off, must full-sync: a whole set of
    -- rows (the enterprise's, or a feature's entities) comes or goes with that one change.
    IF TG_TABLE_NAME = 'properties' AND TG_OP = 'UPDATE' AND (old_e IS DISTINCT FROM new_e
        OR (SELECT array_agg(value ORDER BY key) FROM jsonb_each(new_doc) WHERE key LIKE 'feature\_%')
           IS DISTINCT FROM
           (SELECT array_agg(value ORDER BY key) FROM jsonb_each(to_jsonb(OLD)) WHERE key LIKE 'feature\_%')) THEN
      UPDATE property_versions SET min_delta_version = v WHERE property_id = one;
    END IF;
    IF position(kind IN notified) = 0 THEN
      -- Delivered at commit.
      PERFORM pg_notify('possync_config', one::text || ' ' || v || ' ' || kind);
      notified := notified || kind;
    END IF;
    IF cached IS NULL OR cached = '' OR cached <> v || ':' || notified THEN
      PERFORM set_config(guc, v || ':' || notified, true);
    END IF;
  END LOOP;
  RETURN NULL;
END
$fn$;
