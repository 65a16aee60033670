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
  min_delta_version integer NOT NULL DEFAULT 1,
  last_txid bigint
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
--   TG_ARGV[2] urgency: 'always', 'deactivate' (active turned false, or deleted) or 'never'
--   TG_ARGV[3..] secret columns, never logged
-- Each change is logged once per property it reaches, under that property's version for this transaction.
CREATE FUNCTION possync_capture() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  pcol text := TG_ARGV[0];
  ecol text := TG_ARGV[1];
  secrets text[] := coalesce(TG_ARGV[3:TG_NARGS - 1], '{}');
  txid bigint := txid_current();
  new_doc jsonb;
  old_doc jsonb;
  new_targets uuid[] := '{}';
  old_targets uuid[] := '{}';
  entity uuid;
  urgent boolean := false;
  changer uuid := nullif(current_setting('possync.changed_by', true), '')::uuid;
  r record;
  v integer;
BEGIN
  IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW) - secrets; END IF;
  IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD) - secrets; END IF;
  -- Nothing a host can see changed (a no-op update, or a secret column only): no version.
  IF TG_OP = 'UPDATE' AND new_doc = old_doc THEN RETURN NULL; END IF;
  entity := (coalesce(new_doc, old_doc) ->> 'id')::uuid;

  IF TG_ARGV[2] = 'always' THEN
    urgent := true;
  ELSIF TG_ARGV[2] = 'deactivate' THEN
    urgent := TG_OP = 'DELETE'
      OR (TG_OP = 'UPDATE' AND coalesce((old_doc ->> 'active')::boolean, false)
                           AND NOT coalesce((new_doc ->> 'active')::boolean, false));
  END IF;

  IF new_doc IS NOT NULL THEN
    IF pcol <> '' AND new_doc ->> pcol IS NOT NULL THEN
      new_targets := ARRAY[(new_doc ->> pcol)::uuid];
    ELSIF ecol <> '' THEN
      new_targets := ARRAY(SELECT id FROM properties WHERE enterprise_id = (new_doc ->> ecol)::uuid);
    ELSE
      new_targets := ARRAY(SELECT id FROM properties);
    END IF;
  END IF;
  IF old_doc IS NOT NULL THEN
    IF pcol <> '' AND old_doc ->> pcol IS NOT NULL THEN
      old_targets := ARRAY[(old_doc ->> pcol)::uuid];
    ELSIF ecol <> '' THEN
      old_targets := ARRAY(SELECT id FROM properties WHERE enterprise_id = (old_doc ->> ecol)::uuid);
    ELSE
      old_targets := ARRAY(SELECT id FROM properties);
    END IF;
  END IF;

  IF TG_TABLE_NAME = 'properties' AND TG_OP = 'INSERT' THEN
    INSERT INTO property_versions (property_id, version) VALUES (NEW.id, 0) ON CONFLICT DO NOTHING;
  END IF;

  -- Counters are locked in property id order, so two fan-out transactions cannot deadlock each other.
  FOR r IN
    SELECT pv.property_id, pv.version, pv.last_txid FROM property_versions pv
     WHERE pv.property_id = ANY (new_targets || old_targets)
     ORDER BY pv.property_id FOR UPDATE
  LOOP
    v := r.version;
    IF r.last_txid IS DISTINCT FROM txid THEN
      v := v + 1;
      UPDATE property_versions SET version = v, last_txid = txid WHERE property_id = r.property_id;
    END IF;
    IF r.property_id = ANY (new_targets) THEN
      INSERT INTO config_versions (id, property_id, version, entity_type, entity_id, operation, data, changed_by)
      VALUES (gen_random_uuid(), r.property_id, v, TG_TABLE_NAME, entity,
              CASE WHEN TG_OP = 'UPDATE' AND NOT (r.property_id = ANY (old_targets)) THEN 'INSERT' ELSE TG_OP END,
              new_doc, changer);
    ELSE
      -- The row left this property (deleted, or moved to another one).
      INSERT INTO config_versions (id, property_id, version, entity_type, entity_id, operation, data, changed_by)
      VALUES (gen_random_uuid(), r.property_id, v, TG_TABLE_NAME, entity, 'DELETE', NULL, changer);
    END IF;
    -- A property that moved to another enterprise must full-sync: its enterprise-scoped rows changed wholesale.
    IF TG_TABLE_NAME = 'properties' AND TG_OP = 'UPDATE'
       AND old_doc ->> 'enterprise_id' IS DISTINCT FROM new_doc ->> 'enterprise_id' THEN
      UPDATE property_versions SET min_delta_version = v WHERE property_id = r.property_id;
    END IF;
    -- Delivered at commit; identical payloads of one transaction are folded into one.
    PERFORM pg_notify('possync_config', r.property_id::text || ' ' || v || ' ' || CASE WHEN urgent THEN 'urgent' ELSE 'updated' END);
  END LOOP;
  RETURN NULL;
END
$fn$;
