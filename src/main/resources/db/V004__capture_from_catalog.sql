-- The capture function with every table-specific decision taken from the catalog (DESIGN.md section 5). It replaces
-- V002's possync_capture(), which found the root table, its feature flag columns and the "active" column by name.
-- CaptureTriggers attaches it to every synced table (and drops the old function) in one transaction, with:
--   TG_ARGV[0] column holding the row's property id ('' if none; 'id' on the root entity, the property itself)
--   TG_ARGV[1] column holding the row's enterprise id ('' if none); a row with neither reaches every property
--   TG_ARGV[2] urgency: 'always', 'deactivate' (TG_ARGV[3] turned false, or the row deleted) or 'never'
--   TG_ARGV[3] the boolean column whose turning false is a deactivation ('' unless urgency is 'deactivate')
--   TG_ARGV[4] comma-separated columns of the root entity whose change makes the property full-sync (its
--              enterprise column and the feature flags: a whole set of rows comes or goes with them); '' elsewhere
--   TG_ARGV[5..] secret columns, never logged
-- Each change is logged once per property it reaches, under that property's version for this transaction.
CREATE FUNCTION possync_log_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  pcol text := TG_ARGV[0];
  ecol text := TG_ARGV[1];
  acol text := TG_ARGV[3];
  resync text[] := string_to_array(nullif(TG_ARGV[4], ''), ',');
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
    IF TG_NARGS > 5 THEN
      -- Only a secret column changed (a token rotation): nothing a host can see.
      IF to_jsonb(NEW) - TG_ARGV[5:TG_NARGS - 1] = to_jsonb(OLD) - TG_ARGV[5:TG_NARGS - 1] THEN RETURN NULL; END IF;
    ELSIF NEW IS NOT DISTINCT FROM OLD THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    entity := OLD.id;
  ELSE
    entity := NEW.id;
    new_doc := to_jsonb(NEW);
    IF TG_NARGS > 5 THEN new_doc := new_doc - TG_ARGV[5:TG_NARGS - 1]; END IF;
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
    IF TG_OP = 'DELETE' THEN
      urgent := true;
    ELSIF TG_OP = 'UPDATE' AND acol = 'active' THEN
      urgent := OLD.active AND NOT NEW.active;
    ELSIF TG_OP = 'UPDATE' THEN
      urgent := (to_jsonb(OLD) ->> acol)::boolean AND NOT (new_doc ->> acol)::boolean;
    END IF;
  END IF;
  kind := CASE WHEN urgent THEN 'urgent' ELSE 'updated' END;
  changer := nullif(current_setting('possync.changed_by', true), '')::uuid;

  IF pcol = 'id' AND TG_OP = 'INSERT' THEN
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
    -- (Two IFs: the outer test is a simple expression, evaluated without the executor on every other row.)
    IF resync IS NOT NULL AND TG_OP = 'UPDATE' THEN
      IF (SELECT array_agg(new_doc -> c ORDER BY c) FROM unnest(resync) c)
          IS DISTINCT FROM (SELECT array_agg(to_jsonb(OLD) -> c ORDER BY c) FROM unnest(resync) c) THEN
        UPDATE property_versions SET min_delta_version = v WHERE property_id = one;
      END IF;
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
