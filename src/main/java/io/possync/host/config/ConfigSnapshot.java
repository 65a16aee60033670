package io.possync.host.config;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.wire.Checksums;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable view of the property's configuration at one applied version: rows by table and id, as the payloads
 * carried them (camelCase fields). Controllers read from the snapshot they were given; a new apply makes a new
 * snapshot and shares the tables that did not change.
 */
public final class ConfigSnapshot {

  private final UUID propertyId;
  private final int version;
  private final String epoch;
  private final Instant lastSyncAt;
  private final Instant lastFullSyncAt;
  private final Map<String, Map<String, JsonObject>> tables;
  private volatile Map<String, Checksums.Sum> checksums;

  public ConfigSnapshot(UUID propertyId, int version, String epoch, Instant lastSyncAt, Instant lastFullSyncAt,
                        Map<String, Map<String, JsonObject>> tables) {
    this.propertyId = propertyId;
    this.version = version;
    this.epoch = epoch;
    this.lastSyncAt = lastSyncAt;
    this.lastFullSyncAt = lastFullSyncAt;
    Map<String, Map<String, JsonObject>> t = new HashMap<>();
    tables.forEach((k, v) -> t.put(k, Collections.unmodifiableMap(v)));
    this.tables = Collections.unmodifiableMap(t);
  }

  public UUID propertyId() {
    return propertyId;
  }

  public int version() {
    return version;
  }

  public String epoch() {
    return epoch;
  }

  public Instant lastSyncAt() {
    return lastSyncAt;
  }

  public Instant lastFullSyncAt() {
    return lastFullSyncAt;
  }

  /** Rows of a table (by id); empty when the table has none. Rows must not be modified. */
  public Map<String, JsonObject> table(String table) {
    return tables.getOrDefault(table, Map.of());
  }

  public Optional<JsonObject> row(String table, String id) {
    return Optional.ofNullable(table(table).get(id));
  }

  public Map<String, Map<String, JsonObject>> tables() {
    return tables;
  }

  public int rowCount() {
    int n = 0;
    for (Map<String, JsonObject> t : tables.values()) {
      n += t.size();
    }
    return n;
  }

  /** Per-entity-type checksums (by payload key), as the heartbeat reports them; computed once. */
  public Map<String, Checksums.Sum> checksums(Catalog catalog) {
    Map<String, Checksums.Sum> c = checksums;
    if (c == null) {
      c = new LinkedHashMap<>();
      for (EntityType e : catalog.entities()) {
        Map<String, JsonObject> rows = tables.get(e.table());
        if (rows == null) {
          continue;
        }
        Checksums.Accumulator acc = new Checksums.Accumulator(e);
        rows.values().forEach(acc::add);
        c.put(e.key(), acc.sum());
      }
      checksums = c;
    }
    return c;
  }
}
