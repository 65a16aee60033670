package io.possync.host.cache;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The offline transaction queue in the cache file: transactions (closed checks) waiting for the cloud, sealed like
 * everything else. The sync manager uploads them in batches; the cloud's accepted ids are marked uploaded.
 */
public final class TransactionQueue {

  public static final String PENDING = "pending";
  public static final String UPLOADED = "uploaded";

  private final LocalCache cache;
  private final Clock clock;

  public TransactionQueue(LocalCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  static String where(String id) {
    return "txn_queue/" + id;
  }

  /** Stores a transaction before it is acknowledged; its {@code id} must be a UUID. */
  public Future<Void> enqueue(JsonObject txn) {
    String id = UUID.fromString(txn.getString("id")).toString();
    return cache.pool().preparedQuery("INSERT OR REPLACE INTO txn_queue (id, created_at, status, payload) "
            + "VALUES (?, ?, ?, ?)")
        .execute(Tuple.of(id, clock.instant().toString(), PENDING, cache.seal(where(id), txn.toBuffer().getBytes())))
        .mapEmpty();
  }

  /** Up to {@code limit} pending transactions, oldest first. */
  public Future<JsonArray> pending(int limit) {
    return cache.pool().preparedQuery("SELECT id, payload FROM txn_queue WHERE status = ? ORDER BY created_at LIMIT ?")
        .execute(Tuple.of(PENDING, limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject(io.vertx.core.buffer.Buffer.buffer(cache.open(where(r.getString(0)),
                LocalCache.bytes(r, 1)))));
          }
          return out;
        });
  }

  public Future<Void> markUploaded(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return cache.pool().preparedQuery("UPDATE txn_queue SET status = ? WHERE id = ?")
        .executeBatch(ids.stream().map(id -> Tuple.of(UPLOADED, id)).toList()).mapEmpty();
  }
}
