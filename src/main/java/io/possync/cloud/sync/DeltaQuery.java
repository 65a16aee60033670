package io.possync.cloud.sync;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.RowConverter;
import io.possync.core.catalog.EntityType;
import io.possync.core.error.FullSyncRequiredException;
import static io.possync.core.error.FullSyncRequiredException.AHEAD_OF_CLOUD;
import static io.possync.core.error.FullSyncRequiredException.COMPACTED;
import static io.possync.core.error.FullSyncRequiredException.TOO_LARGE;
import static io.possync.core.error.FullSyncRequiredException.VERSION_GAP;
import io.possync.core.error.PossyncException;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/sync/config/delta?since=V}: the changes after V, in version order, read in one statement (one
 * snapshot, one round trip) together with the current version, the minimum delta version and the epoch. History
 * that is not there answers 410 {@code full_sync_required} with the reason (DESIGN.md section 6).
 */
public final class DeltaQuery {


  private final Catalog catalog;
  private final int maxGap;
  private final int maxChanges;
  private final String sql;
  private final List<String> flagColumns = new ArrayList<>();

  public DeltaQuery(Catalog catalog, int maxGap, int maxChanges) {
    this.catalog = catalog;
    this.maxGap = maxGap;
    this.maxChanges = maxChanges;
    for (EntityType e : catalog.entities()) {
      if (e.featureFlag() != null && !flagColumns.contains(e.featureFlag())) {
        flagColumns.add(e.featureFlag());
      }
    }
    StringBuilder flags = new StringBuilder();
    for (String f : flagColumns) {
      flags.append(", p.").append(f);
    }
    // Changes are fetched only when the delta can be answered; one more than allowed tells "too large".
    this.sql = "SELECT pv.version, pv.min_delta_version, (SELECT value FROM possync_meta WHERE key = 'epoch')"
        + flags + ", c.version, c.id, c.entity_type, c.entity_id, c.operation, c.data, c.changed_at, c.changed_by"
        + " FROM property_versions pv JOIN properties p ON p.id = pv.property_id"
        + " LEFT JOIN LATERAL (SELECT * FROM config_versions cv WHERE cv.property_id = pv.property_id"
        + "   AND cv.version > $2 AND $2 >= pv.min_delta_version AND $2 <= pv.version AND pv.version - $2 <= $3"
        + "   ORDER BY cv.version, cv.seq LIMIT $4) c ON true"
        + " WHERE pv.property_id = $1";
  }

  /** The DeltaSyncPayload plus epoch, or a failure: 404 unknown property, 410 full sync required. */
  public Future<JsonObject> run(Pool pool, UUID propertyId, int since) {
    return pool.preparedQuery(sql).execute(Tuple.of(propertyId, since, maxGap, maxChanges + 1))
        .map(rows -> answer(rows, propertyId, since));
  }

  private JsonObject answer(RowSet<Row> rows, UUID propertyId, int since) {
    if (rows.size() == 0) {
      throw PossyncException.notFound("no property " + propertyId);
    }
    Row first = rows.iterator().next();
    int current = first.getInteger(0);
    int min = first.getInteger(1);
    String epoch = first.getString(2);
    String reason = since > current ? AHEAD_OF_CLOUD
        : since < min ? COMPACTED
        : current - since > maxGap ? VERSION_GAP
        : rows.size() > maxChanges ? TOO_LARGE
        : null;
    if (reason != null) {
      throw new FullSyncRequiredException(reason, current, epoch, fullSyncMessage(reason, since, current, min));
    }
    Set<String> disabled = new HashSet<>();
    for (int i = 0; i < flagColumns.size(); i++) {
      if (!Boolean.TRUE.equals(first.getBoolean(3 + i))) {
        disabled.add(flagColumns.get(i));
      }
    }
    int c = 3 + flagColumns.size();
    JsonArray changes = new JsonArray();
    for (Row r : rows) {
      if (r.getValue(c) == null) {
        continue; // no changes: the one row carries only the header
      }
      EntityType type = catalog.byTable(r.getString(c + 2)).orElse(null);
      if (type == null || (type.featureFlag() != null && disabled.contains(type.featureFlag()))) {
        continue;
      }
      JsonObject data = r.getJsonObject(c + 5);
      changes.add(new JsonObject()
          .put(Wire.ID, r.getUUID(c + 1).toString())
          .put(Wire.VERSION, r.getInteger(c))
          .put(Wire.ENTITY_TYPE, type.table())
          .put(Wire.ENTITY_ID, r.getUUID(c + 3).toString())
          .put(Wire.OPERATION, r.getString(c + 4))
          .put(Wire.DATA, data == null ? null : RowConverter.toFields(type, data))
          .put(Wire.CHANGED_AT, r.getOffsetDateTime(c + 6).toInstant().toString())
          .put(Wire.CHANGED_BY, r.getUUID(c + 7) == null ? null : r.getUUID(c + 7).toString()));
    }
    return new JsonObject()
        .put(Wire.FROM_VERSION, since)
        .put(Wire.TO_VERSION, current)
        .put(Wire.TIMESTAMP, Instant.now().toString())
        .put(Wire.PROPERTY_ID, propertyId.toString())
        .put(Wire.EPOCH, epoch)
        .put(Wire.CHANGES, changes);
  }

  static String fullSyncMessage(String reason, int since, int current, int min) {
    return switch (reason) {
      case AHEAD_OF_CLOUD -> "version " + since + " is ahead of the cloud's " + current + ": full sync required";
      case COMPACTED -> "history before version " + min + " is no longer kept: full sync required";
      case VERSION_GAP -> "version " + since + " is more than the allowed gap behind " + current + ": full sync required";
      default -> "more changes since " + since + " than one delta may carry: full sync required";
    };
  }

}
