package io.possync.host.cache;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.FullPayloadValidator;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies full snapshots and deltas to the cache: each is checked first (shape, property, epoch, version order,
 * references that would dangle), then written in one SQLite transaction together with {@code sync_state}, so a
 * failed or interrupted apply leaves the previous state whole. Deltas are idempotent: changes at or below the
 * applied version are skipped. The result is the new immutable snapshot.
 */
public final class CacheWriter {

  private static final int BATCH = 5000;

  private final io.vertx.core.Vertx vertx;
  private final Catalog catalog;
  private final LocalCache cache;
  private final UUID propertyId;

  public CacheWriter(io.vertx.core.Vertx vertx, Catalog catalog, LocalCache cache, UUID propertyId) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.cache = cache;
    this.propertyId = propertyId;
  }

  static String where(String table, String id) {
    return "config_cache/" + table + "/" + id;
  }

  /** The snapshot kept in the cache, or null when the cache has never been synced. */
  public Future<ConfigSnapshot> load() {
    return cache.pool().withConnection(conn -> conn.query("SELECT property_id, last_sync_version, last_sync_at, "
            + "last_full_sync_at FROM sync_state WHERE id = 1").execute()
        .compose(state -> {
          if (state.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row s = state.iterator().next();
          if (!propertyId.toString().equals(s.getString(0))) {
            return Future.failedFuture(new IllegalStateException("the cache in " + cache.file() + " belongs to property "
                + s.getString(0) + ", not " + propertyId + ": point dataDir elsewhere"));
          }
          return conn.query("SELECT key, value FROM cache_meta WHERE key IN ('epoch', 'tables')").execute()
              .compose(meta -> conn.query("SELECT entity_type, entity_id, data FROM config_cache").execute()
                  .map(rows -> {
                    String epoch = null;
                    List<String> present = List.of();
                    for (Row m : meta) {
                      String v = new String(LocalCache.bytes(m, 1), StandardCharsets.UTF_8);
                      if (m.getString(0).equals("epoch")) {
                        epoch = v;
                      } else {
                        present = List.of(v.split(","));
                      }
                    }
                    Map<String, Map<String, JsonObject>> tables = new HashMap<>();
                    for (String t : present) {
                      if (!t.isEmpty()) {
                        tables.put(t, new HashMap<>());
                      }
                    }
                    for (Row r : rows) {
                      String table = r.getString(0);
                      String id = r.getString(1);
                      byte[] plain = cache.open(where(table, id), LocalCache.bytes(r, 2));
                      tables.computeIfAbsent(table, k -> new HashMap<>()).put(id, new JsonObject(Buffer.buffer(plain)));
                    }
                    return new ConfigSnapshot(propertyId, s.getInteger(1), epoch, Instant.parse(s.getString(2)),
                        s.getString(3) == null ? null : Instant.parse(s.getString(3)), tables);
                  }));
        }));
  }

  /**
   * Replaces the whole cache with a FullSyncPayload. The payload is checked on one worker thread while its rows are
   * sealed and written on another, inside the transaction; the transaction commits only if the check passed.
   */
  public Future<ConfigSnapshot> applyFull(JsonObject payload, Instant now) {
    Integer version = payload.getValue(Wire.VERSION) instanceof Integer v ? v : null;
    if (version == null || version < 1) {
      return Future.failedFuture(new RejectedPayloadException(null, "full payload without a valid version"));
    }
    if (!(payload.getValue(Wire.EPOCH) instanceof String epoch)) {
      return Future.failedFuture(new RejectedPayloadException(version, "full payload without an epoch"));
    }
    Future<Void> checked = vertx.executeBlocking(() -> {
      UUID id;
      try {
        id = FullPayloadValidator.check(catalog, payload);
      } catch (ValidationException e) {
        throw new RejectedPayloadException(version, "invalid full payload: " + e.getMessage());
      } catch (RuntimeException e) {
        throw new RejectedPayloadException(version, "invalid full payload: " + e);
      }
      if (!id.equals(propertyId)) {
        throw new RejectedPayloadException(version, "full payload for property " + id + ", not " + propertyId);
      }
      return null;
    }, false);
    // Rows are sealed in chunks on worker threads while earlier chunks are being written: sealing overlaps the
    // SQLite inserts instead of preceding them. Each chunk also indexes its rows for the new snapshot.
    record Chunk(List<Tuple> rows, String table, Map<String, JsonObject> byId) {
    }
    List<Future<Chunk>> chunks = new ArrayList<>();
    List<String> present = new ArrayList<>();
    try {
      for (EntityType e : catalog.entities()) {
        Object v = payload.getValue(e.key());
        if (v == null) {
          continue;
        }
        present.add(e.table());
        JsonArray arr = e.single() ? new JsonArray().add(v) : (JsonArray) v;
        for (int i = 0; i < arr.size(); i += BATCH) {
          int from = i;
          int to = Math.min(arr.size(), i + BATCH);
          chunks.add(vertx.executeBlocking(() -> {
            List<Tuple> out = new ArrayList<>(to - from);
            Map<String, JsonObject> byId = new HashMap<>((to - from) * 2);
            for (int k = from; k < to; k++) {
              JsonObject row = arr.getJsonObject(k);
              String id = row.getString("id").toLowerCase();
              byId.put(id, row);
              out.add(Tuple.of(e.table(), id, cache.seal(where(e.table(), id), row.toBuffer().getBytes())));
            }
            return new Chunk(out, e.table(), byId);
          }, false));
        }
      }
    } catch (RuntimeException e) {
      return checked.compose(v -> Future.failedFuture(new RejectedPayloadException(version,
          "invalid full payload: " + e)));
    }
    Map<String, Map<String, JsonObject>> tables = new HashMap<>();
    present.forEach(t -> tables.put(t, new HashMap<>()));
    return cache.pool().withTransaction(conn -> {
      Future<?> f = conn.query("DELETE FROM config_cache").execute();
      for (Future<Chunk> chunk : chunks) {
        f = f.compose(v -> chunk).compose(c -> {
          tables.get(c.table()).putAll(c.byId());
          return conn.preparedQuery("INSERT INTO config_cache (entity_type, entity_id, data) VALUES (?, ?, ?)")
              .executeBatch(c.rows());
        });
      }
      ConfigSnapshot next = new ConfigSnapshot(propertyId, version, epoch, now, now, tables);
      return f.compose(v -> writeState(conn, next, String.join(",", present), true))
          .compose(v -> checked) // a payload that fails its check rolls the whole write back
          .map(next);
    }).recover(err -> checked.compose(v -> Future.failedFuture(err)));
  }

  /** Applies a DeltaSyncPayload on top of {@code current}. */
  public Future<ConfigSnapshot> applyDelta(JsonObject delta, ConfigSnapshot current, Instant now) {
    ConfigSnapshot next;
    List<Change> changes;
    try {
      changes = check(delta, current);
      next = nextState(changes, current, delta.getInteger(Wire.TO_VERSION), now);
    } catch (RejectedPayloadException e) {
      return Future.failedFuture(e);
    }
    if (changes.isEmpty() && next.version() == current.version()) {
      return Future.succeededFuture(current); // nothing new: a repeat is a no-op
    }
    List<Tuple> upserts = new ArrayList<>();
    List<Tuple> deletes = new ArrayList<>();
    for (Change c : changes) {
      if (c.data == null) {
        deletes.add(Tuple.of(c.table, c.id));
      } else {
        upserts.add(Tuple.of(c.table, c.id, cache.seal(where(c.table, c.id), c.data.toBuffer().getBytes())));
      }
    }
    return cache.pool().withTransaction(conn -> batches(conn,
                "DELETE FROM config_cache WHERE entity_type = ? AND entity_id = ?", deletes)
            .compose(v -> batches(conn, "INSERT OR REPLACE INTO config_cache (entity_type, entity_id, data) "
                + "VALUES (?, ?, ?)", upserts))
            .compose(v -> writeState(conn, next, null, false)))
        .map(next);
  }

  /**
   * Replaces the rows of the named entity types (payload keys) with those of {@code payload}, which must be at the
   * applied version: the repair of a drifted cache.
   */
  public Future<ConfigSnapshot> repair(JsonObject payload, List<String> keys, ConfigSnapshot current, Instant now) {
    if (!Integer.valueOf(current.version()).equals(payload.getInteger(Wire.VERSION))) {
      return Future.failedFuture(new RejectedPayloadException(payload.getInteger(Wire.VERSION),
          "repair payload is not at the applied version " + current.version()));
    }
    Map<String, Map<String, JsonObject>> tables = new HashMap<>(current.tables());
    List<Tuple> inserts = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (String key : keys) {
      EntityType e = catalog.byKey(key).orElse(null);
      if (e == null) {
        continue;
      }
      types.add(e.table());
      Object v = payload.getValue(e.key());
      Map<String, JsonObject> rows = new HashMap<>();
      if (v != null) {
        for (Object o : e.single() ? new JsonArray().add(v) : (JsonArray) v) {
          JsonObject row = (JsonObject) o;
          String id = row.getString("id").toLowerCase();
          rows.put(id, row);
          inserts.add(Tuple.of(e.table(), id, cache.seal(where(e.table(), id), row.toBuffer().getBytes())));
        }
        tables.put(e.table(), rows);
      } else {
        tables.remove(e.table());
      }
    }
    ConfigSnapshot next = new ConfigSnapshot(propertyId, current.version(), current.epoch(), now,
        current.lastFullSyncAt(), tables);
    List<Tuple> clear = types.stream().map(Tuple::of).toList();
    return cache.pool().withTransaction(conn -> batches(conn, "DELETE FROM config_cache WHERE entity_type = ?", clear)
            .compose(v -> batches(conn, "INSERT INTO config_cache (entity_type, entity_id, data) VALUES (?, ?, ?)",
                inserts))
            .compose(v -> writeState(conn, next, String.join(",", tables.keySet()), false)))
        .map(next);
  }

  private Future<Void> writeState(SqlConnection conn, ConfigSnapshot s, String tables, boolean full) {
    List<Tuple> meta = new ArrayList<>();
    meta.add(Tuple.of("epoch", s.epoch().getBytes(StandardCharsets.UTF_8)));
    if (tables != null) {
      meta.add(Tuple.of("tables", tables.getBytes(StandardCharsets.UTF_8)));
    }
    return batches(conn, "INSERT OR REPLACE INTO cache_meta (key, value) VALUES (?, ?)", meta)
        .compose(v -> conn.preparedQuery("INSERT INTO sync_state (id, property_id, last_sync_version, last_sync_at, "
                + "last_full_sync_at, sync_status) VALUES (1, ?, ?, ?, ?, 'synced') ON CONFLICT (id) DO UPDATE SET "
                + "property_id = excluded.property_id, last_sync_version = excluded.last_sync_version, "
                + "last_sync_at = excluded.last_sync_at, sync_status = 'synced'"
                + (full ? ", last_full_sync_at = excluded.last_full_sync_at" : ""))
            .execute(Tuple.of(propertyId.toString(), s.version(), s.lastSyncAt().toString(),
                s.lastFullSyncAt() == null ? null : s.lastFullSyncAt().toString())))
        .mapEmpty();
  }

  /** Records the sync status word (syncing, error) without touching the data. */
  public Future<Void> status(String status) {
    return cache.pool().preparedQuery("UPDATE sync_state SET sync_status = ? WHERE id = 1").execute(Tuple.of(status))
        .mapEmpty();
  }

  private static Future<Void> batches(SqlConnection conn, String sql, List<Tuple> rows) {
    Future<Void> f = Future.succeededFuture();
    for (int i = 0; i < rows.size(); i += BATCH) {
      List<Tuple> part = rows.subList(i, Math.min(rows.size(), i + BATCH));
      f = f.compose(v -> conn.preparedQuery(sql).executeBatch(part).mapEmpty());
    }
    return f;
  }

  /** One change to apply: data null for a delete. */
  record Change(String table, String id, JsonObject data) {
  }

  /** The delta's changes above the applied version, checked; throws RejectedPayloadException. */
  List<Change> check(JsonObject delta, ConfigSnapshot current) {
    Integer to = delta.getValue(Wire.TO_VERSION) instanceof Integer i ? i : null;
    Integer from = delta.getValue(Wire.FROM_VERSION) instanceof Integer i ? i : null;
    if (to == null || from == null) {
      throw new RejectedPayloadException(to, "delta without fromVersion and toVersion");
    }
    if (!propertyId.toString().equals(delta.getString(Wire.PROPERTY_ID))) {
      throw new RejectedPayloadException(to, "delta for property " + delta.getString(Wire.PROPERTY_ID) + ", not "
          + propertyId);
    }
    if (current.epoch() != null && !current.epoch().equals(delta.getString(Wire.EPOCH))) {
      throw new RejectedPayloadException(to, "delta from another epoch: a full sync is needed");
    }
    if (to < from) {
      throw new RejectedPayloadException(to, "delta goes backwards (from " + from + " to " + to + ")");
    }
    if (to < current.version()) {
      throw new RejectedPayloadException(to, "delta to version " + to + " is older than the applied " + current.version());
    }
    if (from > current.version()) {
      throw new RejectedPayloadException(to, "delta starts at " + from + " but the cache is at " + current.version());
    }
    if (!(delta.getValue(Wire.CHANGES) instanceof JsonArray list)) {
      throw new RejectedPayloadException(to, "delta without a changes array");
    }
    List<Change> out = new ArrayList<>();
    int last = from;
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject c)) {
        throw new RejectedPayloadException(to, "changes[" + i + "] is not an object");
      }
      Integer v = c.getValue(Wire.VERSION) instanceof Integer x ? x : null;
      if (v == null || v < last || v > to || v <= from) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has version " + v + " out of order");
      }
      last = v;
      EntityType type = catalog.byTable(String.valueOf(c.getValue(Wire.ENTITY_TYPE))).orElse(null);
      if (type == null) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has unknown entity type " + c.getValue(Wire.ENTITY_TYPE));
      }
      String id = String.valueOf(c.getValue(Wire.ENTITY_ID)).toLowerCase();
      String op = String.valueOf(c.getValue(Wire.OPERATION));
      JsonObject data = null;
      if (op.equals("INSERT") || op.equals("UPDATE")) {
        if (!(c.getValue(Wire.DATA) instanceof JsonObject d)) {
          throw new RejectedPayloadException(to, "changes[" + i + "] " + op + " without data");
        }
        try {
          RowValidator.check(type, d, "changes[" + i + "] " + type.table());
        } catch (ValidationException e) {
          throw new RejectedPayloadException(to, e.getMessage());
        }
        if (!id.equals(String.valueOf(d.getValue("id")).toLowerCase())) {
          throw new RejectedPayloadException(to, "changes[" + i + "] entityId differs from data.id");
        }
        data = d;
      } else if (!op.equals("DELETE")) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has unknown operation " + op);
      }
      if (v > current.version()) {
        out.add(new Change(type.table(), id, data));
      }
    }
    return out;
  }

  /** The state after the changes; refuses one that would leave a reference dangling. */
  ConfigSnapshot nextState(List<Change> changes, ConfigSnapshot current, int to, Instant now) {
    Map<String, Map<String, JsonObject>> tables = new HashMap<>(current.tables());
    Set<String> copied = new HashSet<>();
    Map<String, Set<String>> deleted = new LinkedHashMap<>();
    for (Change c : changes) {
      if (copied.add(c.table)) {
        tables.put(c.table, new HashMap<>(tables.getOrDefault(c.table, Map.of())));
      }
      if (c.data == null) {
        tables.get(c.table).remove(c.id);
        deleted.computeIfAbsent(c.table, k -> new HashSet<>()).add(c.id);
      } else {
        tables.get(c.table).put(c.id, c.data);
      }
    }
    // Rows written by this delta must point at rows that exist.
    for (Change c : changes) {
      if (c.data == null || tables.get(c.table).get(c.id) != c.data) {
        continue;
      }
      EntityType type = catalog.table(c.table);
      for (Column col : type.columns()) {
        Object ref = col.ref() == null ? null : c.data.getValue(col.field());
        if (ref != null && tables.containsKey(col.ref()) && !tables.get(col.ref()).containsKey(String.valueOf(ref).toLowerCase())) {
          throw new RejectedPayloadException(to, c.table + " " + c.id + " would reference missing " + col.ref() + " "
              + ref);
        }
      }
    }
    // Rows deleted by this delta must not be referenced any more.
    for (Map.Entry<String, Set<String>> d : deleted.entrySet()) {
      for (EntityType t : catalog.entities()) {
        Map<String, JsonObject> rows = tables.get(t.table());
        if (rows == null) {
          continue;
        }
        for (Column col : t.columns()) {
          if (!d.getKey().equals(col.ref())) {
            continue;
          }
          for (JsonObject row : rows.values()) {
            Object ref = row.getValue(col.field());
            if (ref != null && d.getValue().contains(String.valueOf(ref).toLowerCase())) {
              throw new RejectedPayloadException(to, t.table() + " " + row.getString("id") + " would still reference "
                  + "deleted " + d.getKey() + " " + ref);
            }
          }
        }
      }
    }
    return new ConfigSnapshot(propertyId, to, current.epoch(), now, current.lastFullSyncAt(), tables);
  }
}
