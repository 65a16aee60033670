package io.possync.cloud.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The EMC dashboard's view of service hosts: each host's applied version, lag, last heartbeat, mode, last error,
 * and a status word (Envoy's client status, DESIGN.md section 7): synced, behind, error or offline.
 */
public final class HostDirectory {

  public static final String SYNCED = "synced";
  public static final String BEHIND = "behind";
  public static final String ERROR = "error";
  public static final String OFFLINE = "offline";

  private final Duration offlineAfter;

  /** @param offlineAfter a host silent this long is offline (three missed heartbeats by default) */
  public HostDirectory(Duration offlineAfter) {
    this.offlineAfter = offlineAfter;
  }

  public Future<JsonArray> list(Pool pool, UUID propertyId) {
    return pool.preparedQuery("""
            SELECT h.id, h.name, h.active, s.last_heartbeat_at, s.applied_version, s.connection_mode,
                   s.pending_transactions, s.last_rejected_version, s.last_rejected_reason, s.last_error, pv.version,
                   now()
              FROM service_hosts h JOIN property_versions pv ON pv.property_id = h.property_id
              LEFT JOIN service_host_status s ON s.service_host_id = h.id
             WHERE h.property_id = $1 ORDER BY h.name, h.id""")
        .execute(Tuple.of(propertyId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            OffsetDateTime last = r.getOffsetDateTime(3);
            Integer applied = r.getInteger(4);
            Integer rejected = r.getInteger(7);
            int current = r.getInteger(10);
            OffsetDateTime now = r.getOffsetDateTime(11);
            String status = status(last, now, applied, current, rejected, r.getString(9));
            out.add(new JsonObject()
                .put("serviceHostId", r.getUUID(0).toString())
                .put("name", r.getString(1))
                .put("active", r.getBoolean(2))
                .put("status", status)
                .put("appliedVersion", applied)
                .put("currentVersion", current)
                .put("lag", applied == null ? null : Math.max(0, current - applied))
                .put("lastHeartbeatAt", last == null ? null : last.toInstant().toString())
                .put("connectionMode", r.getString(5))
                .put("pendingTransactions", r.getInteger(6))
                .put("lastRejectedVersion", rejected)
                .put("lastRejectedReason", r.getString(8))
                .put("lastError", r.getString(9)));
          }
          return out;
        });
  }

  String status(OffsetDateTime last, OffsetDateTime now, Integer applied, int current, Integer rejected,
                String lastError) {
    if (last == null || Duration.between(last, now).compareTo(offlineAfter) > 0) {
      return OFFLINE;
    }
    if (lastError != null || (rejected != null && (applied == null || rejected > applied))) {
      return ERROR;
    }
    return applied != null && applied >= current ? SYNCED : BEHIND;
  }
}
