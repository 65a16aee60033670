package io.possync.cloud.sync;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.Checksums;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/service-hosts/:id/heartbeat}. One statement records the metrics row and the host's status and
 * reads the property's version, minimum delta version and epoch: one round trip to PostgreSQL. When the host is
 * at the current version and sent checksums, they are compared with the cloud's for that version (computed once
 * per version per node) and the entity types that differ are named for repair.
 */
public final class Heartbeats {

  public static final String APPLIED_VERSION = "appliedVersion";
  public static final String LAST_REJECTED_VERSION = "lastRejectedVersion";
  public static final String LAST_REJECTED_REASON = "lastRejectedReason";
  public static final String LAST_ERROR = "lastError";
  public static final String CPU = "cpuPercent";
  public static final String MEMORY = "memoryPercent";
  public static final String DISK = "diskPercent";
  public static final String MODE = "connectionMode";
  public static final String PENDING = "pendingTransactions";
  public static final String CHECKSUMS = "checksums";
  public static final String SYNC = "sync";
  public static final String REPAIR = "repair";

  private static final String SQL = """
      WITH m AS (
        INSERT INTO service_host_metrics (property_id, service_host_id, cpu_percent, memory_percent, disk_percent,
                                          connection_mode, pending_transactions, config_version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)),
      s AS (
        INSERT INTO service_host_status AS s (service_host_id, property_id, last_heartbeat_at, applied_version, epoch,
               connection_mode, pending_transactions, last_rejected_version, last_rejected_reason, last_error)
        VALUES ($2, $1, now(), $8, $9, $6, $7, $10, $11, $12)
        ON CONFLICT (service_host_id) DO UPDATE SET property_id = EXCLUDED.property_id,
          last_heartbeat_at = EXCLUDED.last_heartbeat_at, applied_version = EXCLUDED.applied_version,
          epoch = EXCLUDED.epoch, connection_mode = EXCLUDED.connection_mode,
          pending_transactions = EXCLUDED.pending_transactions, last_rejected_version = EXCLUDED.last_rejected_version,
          last_rejected_reason = EXCLUDED.last_rejected_reason, last_error = EXCLUDED.last_error)
      SELECT pv.version, pv.min_delta_version, (SELECT value FROM possync_meta WHERE key = 'epoch')
        FROM property_versions pv WHERE pv.property_id = $1""";

  private final Catalog catalog;
  private final SnapshotCache snapshots;
  private final int maxGap;

  public Heartbeats(Catalog catalog, SnapshotCache snapshots, int maxGap) {
    this.catalog = catalog;
    this.snapshots = snapshots;
    this.maxGap = maxGap;
  }

  public Future<JsonObject> record(Pool pool, HostIdentity host, JsonObject body) {
    Integer applied = optionalInt(body, APPLIED_VERSION, 0, Integer.MAX_VALUE);
    Integer rejected = optionalInt(body, LAST_REJECTED_VERSION, 0, Integer.MAX_VALUE);
    Double cpu = optionalPercent(body, CPU);
    Double mem = optionalPercent(body, MEMORY);
    Double disk = optionalPercent(body, DISK);
    Integer pending = optionalInt(body, PENDING, 0, Integer.MAX_VALUE);
    String mode = optionalString(body, MODE, 40);
    String hostEpoch = optionalString(body, Wire.EPOCH, 100);
    String rejectedReason = optionalString(body, LAST_REJECTED_REASON, 1000);
    String lastError = optionalString(body, LAST_ERROR, 1000);
    JsonObject sums = body.getValue(CHECKSUMS) instanceof JsonObject o ? o : null;
    if (body.getValue(CHECKSUMS) != null && sums == null) {
      throw new ValidationException("field \"checksums\" must be an object", CHECKSUMS);
    }
    Tuple t = Tuple.tuple().addValue(host.propertyId()).addValue(host.serviceHostId())
        .addValue(cpu == null ? null : cpu.floatValue()).addValue(mem == null ? null : mem.floatValue())
        .addValue(disk == null ? null : disk.floatValue()).addValue(mode).addValue(pending).addValue(applied)
        .addValue(hostEpoch).addValue(rejected).addValue(rejectedReason).addValue(lastError);
    return pool.preparedQuery(SQL).execute(t).compose(rows -> {
      Row r = rows.iterator().next();
      int current = r.getInteger(0);
      String cloudEpoch = r.getString(2);
      SyncDecision d = SyncDecision.decide(applied, hostEpoch, rejected, current, r.getInteger(1), cloudEpoch, maxGap);
      JsonObject answer = new JsonObject().put(Wire.CURRENT_VERSION, current).put(Wire.EPOCH, cloudEpoch)
          .put(SYNC, d.sync()).put(Wire.REASON, d.reason()).put(REPAIR, new JsonArray());
      if (!d.sync().equals(SyncDecision.NONE) || sums == null || applied == null || applied != current) {
        return Future.succeededFuture(answer);
      }
      return snapshots.get(host.propertyId(), current, cloudEpoch)
          .compose(entry -> entry.version == current ? snapshots.checksums(entry) : Future.succeededFuture(null))
          .map(cloud -> {
            if (cloud == null) {
              return answer; // a newer version landed meanwhile: the next heartbeat compares
            }
            List<String> repair = compare(cloud, sums);
            if (repair.size() * 2 > cloud.size()) {
              return answer.put(SYNC, SyncDecision.FULL).put(Wire.REASON, "checksum_mismatch");
            }
            if (!repair.isEmpty()) {
              answer.put(SYNC, "repair").put(Wire.REASON, "checksum_mismatch").put(REPAIR, new JsonArray(repair));
            }
            return answer;
          })
          .recover(err -> Future.succeededFuture(answer)); // busy building: compare on a later heartbeat
    });
  }

  /** Entity types (payload keys) whose count or checksum differs, or that only one side has. */
  static List<String> compare(Map<String, Checksums.Sum> cloud, JsonObject host) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Checksums.Sum> e : cloud.entrySet()) {
      Object h = host.getValue(e.getKey());
      Checksums.Sum hs = null;
      if (h instanceof JsonObject o) {
        try {
          hs = Checksums.Sum.fromJson(o);
        } catch (RuntimeException ex) {
          hs = null;
        }
      }
      if (!e.getValue().equals(hs)) {
        out.add(e.getKey());
      }
    }
    for (String k : host.fieldNames()) {
      if (!cloud.containsKey(k) && !out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  static Integer optionalInt(JsonObject body, String field, int min, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
        || ((Number) v).longValue() > max) {
      throw new ValidationException("field \"" + field + "\" must be a whole number from " + min, field);
    }
    return ((Number) v).intValue();
  }

  static Double optionalPercent(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 100) {
      throw new ValidationException("field \"" + field + "\" must be a number from 0 to 100", field);
    }
    return n.doubleValue();
  }

  static String optionalString(JsonObject body, String field, int maxLength) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > maxLength) {
      throw new ValidationException("field \"" + field + "\" must be a string of at most " + maxLength
          + " characters", field);
    }
    return s;
  }

}
