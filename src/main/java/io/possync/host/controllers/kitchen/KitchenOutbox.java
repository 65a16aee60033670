package io.possync.host.controllers.kitchen;

import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Sets kitchen events aside as {@code failed}: an event that cannot be decoded or routed is left out of the outbox
 * so the sends behind it still reach the kitchen. The outbox rows are written and read by the check store; this
 * class only moves a poisoned one out of the {@code pending} status.
 */
final class KitchenOutbox {

  /** The status of a kitchen event that could not be decoded or routed (it never prints). */
  static final String FAILED = "failed";
  /** The check store's status of an event not yet handled (SqliteCheckStore.PENDING_EVENT, package-private there). */
  static final String PENDING = "pending";

  private final LocalCache cache;

  KitchenOutbox(LocalCache cache) {
    this.cache = cache;
  }

  /** Marks these events failed inside the caller's transaction. */
  static Future<Void> failed(SqlConnection conn, List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE kitchen_events SET status = ? WHERE id = ?")
        .executeBatch(eventIds.stream().map(id -> Tuple.of(FAILED, id)).toList()).mapEmpty();
  }

  /** Marks the oldest pending event failed (the one that cannot be decoded); its id, or null when none waits. */
  Future<String> failOldest() {
    return cache.pool().withTransaction(conn -> conn.preparedQuery("SELECT id FROM kitchen_events WHERE status = ? "
        + "ORDER BY seq LIMIT 1").execute(Tuple.of(PENDING)).compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.succeededFuture(null);
          }
          String id = rows.iterator().next().getString(0);
          return failed(conn, List.of(id)).map(id);
        }));
  }
}
