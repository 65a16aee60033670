package io.possync.cloud.sync;

import io.possync.core.catalog.Catalog;
import io.possync.core.error.PossyncException;
import io.possync.core.wire.Checksums;
import io.possync.core.wire.Heartbeat;
import io.possync.core.wire.HeartbeatAnswer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code POST /api/service-hosts/:id/heartbeat}. One statement records the metrics row and the host's status and
 * reads the property's version, minimum delta version and epoch: one round trip to PostgreSQL. When the host is
 * at the current version and sent checksums, they are compared with the cloud's for that version (computed once
 * per version per node) and the entity types that differ are named for repair.
 */
public final class Heartbeats {

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

  /** Reads a heartbeat body strictly (a {@code ValidationException} naming the field otherwise); linear. */
  public Heartbeat read(JsonObject body) {
    return Heartbeat.fromJson(body, catalog);
  }

  public Future<HeartbeatAnswer> record(Pool pool, HostIdentity host, Heartbeat hb) {
    Integer applied = hb.appliedVersion();
    Tuple t = Tuple.tuple().addValue(host.propertyId()).addValue(host.serviceHostId())
        .addValue(single(hb.cpuPercent())).addValue(single(hb.memoryPercent())).addValue(single(hb.diskPercent()))
        .addValue(hb.connectionMode()).addValue(hb.pendingTransactions()).addValue(applied)
        .addValue(hb.epoch()).addValue(hb.lastRejectedVersion()).addValue(hb.lastRejectedReason())
        .addValue(hb.lastError());
    return pool.preparedQuery(SQL).execute(t).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(PossyncException.notFound("no property " + host.propertyId()));
      }
      Row r = rows.iterator().next();
      int current = r.getInteger(0);
      String cloudEpoch = r.getString(2);
      SyncDecision d = SyncDecision.decide(applied, hb.epoch(), hb.lastRejectedVersion(), current, r.getInteger(1),
          cloudEpoch, maxGap);
      HeartbeatAnswer answer = d.answer(current, cloudEpoch);
      if (!d.sync().equals(HeartbeatAnswer.NONE) || hb.checksums().isEmpty() || applied == null
          || applied != current) {
        return Future.succeededFuture(answer);
      }
      return snapshots.get(host.propertyId(), current, cloudEpoch)
          .compose(entry -> entry.version == current ? snapshots.checksums(entry) : Future.succeededFuture(null))
          .map(cloud -> cloud == null
              ? answer // a newer version landed meanwhile: the next heartbeat compares
              : SyncDecision.afterChecksums(Checksums.differing(cloud, hb.checksums()), cloud.size())
                  .answer(current, cloudEpoch))
          .recover(err -> Future.succeededFuture(answer)); // busy building: compare on a later heartbeat
    });
  }

  private static Float single(Double d) {
    return d == null ? null : d.floatValue();
  }
}
