package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Scope;
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
    this.sql = buildSql(catalog);
  }

  /** The snapshot: version, epoch and each entity's JSON text (null for an entity whose feature flag is off). */
  public record Snapshot(UUID propertyId, int version, String epoch, List<String> entityJson) {

    /** The FullSyncPayload plus epoch, as JSON bytes. */
    public Buffer toPayload(Catalog catalog, Instant now) {
      int size = 256;
      for (String s : entityJson) {
        size += s == null ? 0 : s.length() + 32;
      }
      StringBuilder sb = new StringBuilder(size);
      sb.append("{\"").append(Wire.VERSION).append("\":").append(version)
          .append(",\"").append(Wire.TIMESTAMP).append("\":\"").append(now).append('"')
          .append(",\"").append(Wire.PROPERTY_ID).append("\":\"").append(propertyId).append('"')
          .append(",\"").append(Wire.EPOCH).append("\":\"").append(epoch).append('"');
      List<EntityType> types = catalog.entities();
      for (int i = 0; i < types.size(); i++) {
        String json = entityJson.get(i);
        if (json != null) {
          sb.append(",\"").append(types.get(i).key()).append("\":").append(json);
        }
      }
      return Buffer.buffer(sb.append('}').toString());
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
      List<String> json = new ArrayList<>(catalog.entities().size());
      for (int i = 0; i < catalog.entities().size(); i++) {
        json.add(r.getString(2 + i));
      }
      return Optional.of(new Snapshot(propertyId, r.getInteger(0), r.getString(1), json));
    });
  }

  /** {@code json_build_object('id', t.id, 'propertyId', t.property_id, ...)} over the public columns. */
  static String rowJson(EntityType e, String alias) {
    StringBuilder sb = new StringBuilder("json_build_object(");
    boolean first = true;
    for (Column c : e.publicColumns()) {
      sb.append(first ? "" : ", ").append('\'').append(c.field()).append("', ").append(alias).append('.')
          .append(c.name());
      first = false;
    }
    return sb.append(')').toString();
  }

  /** The rows of {@code e} that property {@code p} sees. */
  static String rowFilter(EntityType e, String alias) {
    String pc = e.propertyColumn() == null ? null : alias + "." + e.propertyColumn();
    String ec = e.enterpriseColumn() == null ? null : alias + "." + e.enterpriseColumn();
    if (e.scope() == Scope.GLOBAL) {
      return "true";
    }
    if (e.scope() == Scope.PROPERTY) {
      return pc + " = p.id";
    }
    if (pc != null) {
      return "(" + pc + " = p.id OR (" + pc + " IS NULL AND " + ec + " = p.enterprise_id))";
    }
    return ec + " = p.enterprise_id";
  }

  static String buildSql(Catalog catalog) {
    StringBuilder sb = new StringBuilder("SELECT pv.version, (SELECT value FROM possync_meta WHERE key = 'epoch')");
    for (EntityType e : catalog.entities()) {
      String sub = e.single()
          ? "(SELECT " + rowJson(e, "t") + "::text FROM " + e.table() + " t WHERE " + rowFilter(e, "t") + ")"
          : "(SELECT coalesce(json_agg(" + rowJson(e, "t") + " ORDER BY t.id), '[]')::text FROM " + e.table()
              + " t WHERE " + rowFilter(e, "t") + ")";
      if (e.featureFlag() != null) {
        sub = "CASE WHEN p." + e.featureFlag() + " THEN " + sub + " END";
      }
      sb.append(",\n  ").append(sub);
    }
    sb.append("\nFROM properties p JOIN property_versions pv ON pv.property_id = p.id WHERE p.id = $1");
    return sb.toString();
  }
}
