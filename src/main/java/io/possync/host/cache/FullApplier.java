package io.possync.host.cache;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.FullPayloadValidator;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replaces the whole cache with a FullSyncPayload, in one transaction with {@code sync_state}. The payload is checked
 * on one worker thread while its rows are sealed on others and written inside the transaction; the transaction
 * commits only if the check passed.
 */
public final class FullApplier {

  private final Vertx vertx;
  private final Catalog catalog;
  private final CacheRepository repo;

  public FullApplier(Vertx vertx, Catalog catalog, CacheRepository repo) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.repo = repo;
  }

  public Future<ConfigSnapshot> apply(JsonObject payload, Instant now) {
    UUID propertyId = repo.propertyId();
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
        JsonArray arr = e.rowsIn(payload);
        for (int i = 0; i < arr.size(); i += CacheRepository.BATCH) {
          int from = i;
          int to = Math.min(arr.size(), i + CacheRepository.BATCH);
          chunks.add(vertx.executeBlocking(() -> {
            List<Tuple> out = new ArrayList<>(to - from);
            Map<String, JsonObject> byId = new HashMap<>((to - from) * 2);
            for (int k = from; k < to; k++) {
              JsonObject row = arr.getJsonObject(k);
              String id = row.getString(Wire.ID).toLowerCase();
              byId.put(id, row);
              out.add(repo.sealed(e.table(), id, row));
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
    return repo.inTransaction(conn -> {
      Future<?> f = repo.clearAll(conn);
      for (Future<Chunk> chunk : chunks) {
        f = f.compose(v -> chunk).compose(c -> {
          tables.get(c.table()).putAll(c.byId());
          return repo.insert(conn, c.rows());
        });
      }
      ConfigSnapshot next = new ConfigSnapshot(propertyId, version, epoch, now, now, tables);
      return f.compose(v -> repo.writeState(conn, next, present, true))
          .compose(v -> checked) // a payload that fails its check rolls the whole write back
          .map(next);
    }).recover(err -> checked.compose(v -> Future.failedFuture(err)));
  }
}
