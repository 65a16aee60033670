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

  /** {@code SELECT t.id, t.property_id AS "propertyId", ...}: the public columns under their payload names. */
  public static String rowSelect(EntityType e, String alias) {
    StringBuilder sb = new StringBuilder("SELECT ");
    boolean first = true;
    for (Column c : e.publicColumns()) {
      sb.append(first ? "" : ", ").append(alias).append('.').append(c.name());
      if (!c.name().equals(c.field())) {
        sb.append(" AS \"").append(c.field()).append('"');
      }
      first = false;
    }
    return sb.append(" FROM ").append(e.table()).append(' ').append(alias).toString();
  }

  /** The rows of {@code e} that property {@code p} sees. */
  public static String rowFilter(EntityType e, String alias) {
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
    // Each entity as UTF-8 JSON bytes (bytea travels as is: no text decoding and re-encoding in Java).
    // row_to_json over aliased columns is as cheap as json_agg of the table's own rows; ORDER BY id makes
    // the output stable.
    for (EntityType e : catalog.entities()) {
      String rows = "(" + rowSelect(e, "t") + " WHERE " + rowFilter(e, "t") + ") x";
      String sub = e.single()
          ? "(SELECT convert_to(row_to_json(x)::text, 'UTF8') FROM " + rows + ")"
          : "(SELECT convert_to(coalesce(json_agg(x ORDER BY x.id), '[]')::text, 'UTF8') FROM " + rows + ")";
      if (e.featureFlag() != null) {
        sub = "CASE WHEN p." + e.featureFlag() + " THEN " + sub + " END";
      }
      sb.append(",\n  ").append(sub);
    }
    sb.append("\nFROM properties p JOIN property_versions pv ON pv.property_id = p.id WHERE p.id = $1");
    return sb.toString();
  }
}
