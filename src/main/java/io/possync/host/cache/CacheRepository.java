package io.possync.host.cache;

import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SQL of the config cache, in one place: rows of {@code config_cache} (sealed), {@code cache_meta} (epoch, the
 * entity types present) and {@code sync_state}. Writers run inside {@link #inTransaction}, so a whole apply commits
 * or nothing does.
 */
public final class CacheRepository {

  static final int BATCH = 5000;
  private static final String META_EPOCH = "epoch";
  private static final String META_TABLES = "tables";

  private final LocalCache cache;
  private final UUID propertyId;

  public CacheRepository(LocalCache cache, UUID propertyId) {
    this.cache = cache;
    this.propertyId = propertyId;
  }

  public UUID propertyId() {
    return propertyId;
  }

  static String where(String table, String id) {
    return "config_cache/" + table + "/" + id;
  }

  /** A row ready for {@link #insert} or {@link #upsert}: its content sealed, bound to its table and id. */
  public Tuple sealed(String table, String id, JsonObject row) {
    return Tuple.of(table, id, cache.seal(where(table, id), row.toBuffer().getBytes()));
  }

  public <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return cache.pool().withTransaction(work);
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
          return conn.preparedQuery("SELECT key, value FROM cache_meta WHERE key IN (?, ?)")
              .execute(Tuple.of(META_EPOCH, META_TABLES))
              .compose(meta -> conn.query("SELECT entity_type, entity_id, data FROM config_cache").execute()
                  .map(rows -> {
                    String epoch = null;
                    List<String> present = List.of();
                    for (Row m : meta) {
                      String v = new String(LocalCache.bytes(m, 1), StandardCharsets.UTF_8);
                      if (m.getString(0).equals(META_EPOCH)) {
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

  public Future<Void> clearAll(SqlConnection conn) {
    return conn.query("DELETE FROM config_cache").execute().mapEmpty();
  }

  /** Removes every row of these tables. */
  public Future<Void> clearTables(SqlConnection conn, Collection<String> tables) {
    return batches(conn, "DELETE FROM config_cache WHERE entity_type = ?", tables.stream().map(Tuple::of).toList());
  }

  /** Inserts sealed rows (from {@link #sealed}) where none are. */
  public Future<Void> insert(SqlConnection conn, List<Tuple> rows) {
    return batches(conn, "INSERT INTO config_cache (entity_type, entity_id, data) VALUES (?, ?, ?)", rows);
  }

  /** Inserts or replaces sealed rows (from {@link #sealed}). */
  public Future<Void> upsert(SqlConnection conn, List<Tuple> rows) {
    return batches(conn, "INSERT OR REPLACE INTO config_cache (entity_type, entity_id, data) VALUES (?, ?, ?)", rows);
  }

  /** Deletes rows by {@code (entity_type, entity_id)}. */
  public Future<Void> delete(SqlConnection conn, List<Tuple> keys) {
    return batches(conn, "DELETE FROM config_cache WHERE entity_type = ? AND entity_id = ?", keys);
  }

  /**
   * Records the applied state with the data: epoch, the entity types present (when {@code tables} is not null),
   * and {@code sync_state} (last full sync time too when {@code full}).
   */
  public Future<Void> writeState(SqlConnection conn, ConfigSnapshot s, Collection<String> tables, boolean full) {
    List<Tuple> meta = new ArrayList<>();
    meta.add(Tuple.of(META_EPOCH, s.epoch().getBytes(StandardCharsets.UTF_8)));
    if (tables != null) {
      meta.add(Tuple.of(META_TABLES, String.join(",", tables).getBytes(StandardCharsets.UTF_8)));
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
}
