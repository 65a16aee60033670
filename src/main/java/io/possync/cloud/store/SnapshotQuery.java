package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A property's full configuration at one version (the seed's FullSyncPayload). One SQL statement reads the version
 * and every entity, so all of it comes from a single snapshot; PostgreSQL builds each entity's JSON itself and the
 * payload is assembled from those texts without parsing them.
 */
public final class SnapshotQuery {

  private final Catalog catalog;
  private final String sql;

  public SnapshotQuery(Catalog catalog) {
    this.catalog = catalog;
    this.sql = new CatalogSql(catalog).snapshot();
  }

  /** The snapshot: version, epoch and each entity's JSON (UTF-8; null for an entity whose feature flag is off). */
  public record Snapshot(UUID propertyId, int version, String epoch, List<Buffer> entityJson) {

    /** The FullSyncPayload plus epoch, as JSON bytes. */
    public Buffer toPayload(Catalog catalog, Instant now) {
      int size = 256;
      for (Buffer b : entityJson) {
        size += b == null ? 0 : b.length() + 32;
      }
      Buffer out = Buffer.buffer(size);
      out.appendString("{\"" + Wire.VERSION + "\":" + version
          + ",\"" + Wire.TIMESTAMP + "\":\"" + now + '"'
          + ",\"" + Wire.PROPERTY_ID + "\":\"" + propertyId + '"'
          + ",\"" + Wire.EPOCH + "\":\"" + epoch + '"');
      List<EntityType> types = catalog.entities();
      for (int i = 0; i < types.size(); i++) {
        Buffer json = entityJson.get(i);
        if (json != null) {
          out.appendString(",\"" + types.get(i).key() + "\":").appendBuffer(json);
        }
      }
      return out.appendByte((byte) '}');
    }

    public JsonObject toJson(Catalog catalog, Instant now) {
      return new JsonObject(toPayload(catalog, now));
    }
  }

  /** Empty when the property does not exist. */
  public Future<Optional<Snapshot>> read(SqlClient client, UUID propertyId) {
    return client.preparedQuery(sql).execute(Tuple.of(propertyId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      List<Buffer> json = new ArrayList<>(catalog.entities().size());
      for (int i = 0; i < catalog.entities().size(); i++) {
        json.add(r.getBuffer(2 + i));
      }
      return Optional.of(new Snapshot(propertyId, r.getInteger(0), r.getString(1), json));
    });
  }
}
