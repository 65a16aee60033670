package io.possync.host.cache;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The repair of a drifted cache: replaces the rows of the named entity types (payload keys) with those of a full
 * snapshot at the applied version, in one transaction with {@code sync_state}.
 */
public final class RepairApplier {

  private final Catalog catalog;
  private final CacheRepository repo;

  public RepairApplier(Catalog catalog, CacheRepository repo) {
    this.catalog = catalog;
    this.repo = repo;
  }

  public Future<ConfigSnapshot> apply(JsonObject payload, List<String> keys, ConfigSnapshot current, Instant now) {
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
        for (Object o : e.rowsIn(payload)) {
          JsonObject row = (JsonObject) o;
          String id = row.getString(Wire.ID).toLowerCase();
          rows.put(id, row);
          inserts.add(repo.sealed(e.table(), id, row));
        }
        tables.put(e.table(), rows);
      } else {
        tables.remove(e.table());
      }
    }
    ConfigSnapshot next = new ConfigSnapshot(repo.propertyId(), current.version(), current.epoch(), now,
        current.lastFullSyncAt(), tables);
    return repo.inTransaction(conn -> repo.clearTables(conn, types)
            .compose(v -> repo.insert(conn, inserts))
            .compose(v -> repo.writeState(conn, next, tables.keySet(), false)))
        .map(next);
  }
}
