package io.possync.cloud.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Version compaction (the seed's "merge old changes"). Per property, in one transaction:
 * <ul>
 *   <li>a change older than the retention window that a later change to the same entity supersedes is removed
 *       (a host applying the later one reaches the same row);</li>
 *   <li>a DELETE that is an entity's last change and older than the tombstone horizon is removed, and the property's
 *       minimum delta version is raised to it: a host below it could no longer learn of the delete, so it must
 *       full-sync.</li>
 * </ul>
 * Applying the compacted log from any version at or above the minimum yields the same state as the full log.
 */
public final class Compactor {

  /** What one property's compaction did. */
  public record Result(UUID propertyId, long removed, int minDeltaVersion) {
  }

  private static final String SQL = """
      WITH ranked AS (
        SELECT id, version, operation, changed_at,
               row_number() OVER (PARTITION BY entity_type, entity_id ORDER BY version DESC, seq DESC) AS rn
          FROM config_versions WHERE property_id = $1),
      doomed AS (
        SELECT id, version, rn = 1 AS tombstone FROM ranked
         WHERE (rn > 1 AND changed_at < now() - make_interval(secs => $2))
            OR (rn = 1 AND operation = 'DELETE' AND changed_at < now() - make_interval(secs => $3))),
      gone AS (
        DELETE FROM config_versions c USING doomed d WHERE c.id = d.id RETURNING d.version, d.tombstone)
      UPDATE property_versions
         SET min_delta_version = greatest(min_delta_version, (SELECT max(version) FROM gone WHERE tombstone))
       WHERE property_id = $1
      RETURNING min_delta_version, (SELECT count(*) FROM gone)""";

  private final Duration retention;
  private final Duration tombstoneHorizon;

  public Compactor(Duration retention, Duration tombstoneHorizon) {
    this.retention = retention;
    this.tombstoneHorizon = tombstoneHorizon;
  }

  public Future<Result> compact(Pool pool, UUID propertyId) {
    return pool.withTransaction(conn -> conn.preparedQuery(SQL)
        .execute(Tuple.of(propertyId, (double) retention.toSeconds(), (double) tombstoneHorizon.toSeconds()))
        .map(rows -> {
          if (rows.size() == 0) {
            return new Result(propertyId, 0, 0);
          }
          Row r = rows.iterator().next();
          return new Result(propertyId, r.getLong(1), r.getInteger(0));
        }));
  }

  /** Compacts every property, one after another (each in its own short transaction). */
  public Future<List<Result>> compactAll(Pool pool) {
    return pool.query("SELECT property_id FROM property_versions ORDER BY property_id").execute().compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getUUID(0)));
      List<Result> results = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (UUID id : ids) {
        chain = chain.compose(v -> compact(pool, id).map(res -> {
          results.add(res);
          return null;
        }));
      }
      return chain.map(v -> results);
    });
  }
}
