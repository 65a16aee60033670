package io.possync.cloud.pos;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Keeps GREEN mode's tables from growing without end, for every property at once (each node runs it hourly; the
 * deletes are idempotent): sessions past their expiry, idempotency keys past their window, bumped KDS tickets after a
 * day (recall reaches back that far, as on the host), kitchen events both the host and the cloud's displays took
 * after a week. Nothing waiting is removed; checks, their audit trails and sign-in attempts (one row per device)
 * stay.
 */
public final class PosHousekeeping {

  /** How often a node runs it. */
  public static final long EVERY_MS = 3_600_000;

  static final List<String> DELETES = List.of(
      "DELETE FROM pos_sessions WHERE expires_at < now()",
      "DELETE FROM pos_idempotency WHERE created_at < now() - interval '"
          + PgCheckStore.KEY_WINDOW.toSeconds() + " seconds'",
      "DELETE FROM pos_kds_tickets WHERE status = '" + PgKdsTickets.BUMPED + "' AND bumped_at < now() - interval '1 day'",
      "DELETE FROM pos_kitchen_events WHERE status = '" + PgCheckStore.DONE_EVENT + "' AND kds_done "
          + "AND created_at < now() - interval '7 days'");

  private PosHousekeeping() {
  }

  /** Runs every delete; how many rows went. */
  public static Future<Integer> run(Pool pool) {
    Future<Integer> f = Future.succeededFuture(0);
    for (String sql : DELETES) {
      f = f.compose(n -> pool.query(sql).execute().map(rows -> n + rows.rowCount()));
    }
    return f;
  }
}
