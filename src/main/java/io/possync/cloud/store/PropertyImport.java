package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.RowConverter;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.FullPayloadValidator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Imports a property file (FullSyncPayload shape) in one transaction. Every row in the file is upserted; for each
 * entity the catalog marks {@code "import": "replace"} that the file lists, rows of the property that the file does
 * not list are deleted, so the property ends up exactly as the file says. Entities marked {@code "import": "upsert"}
 * (the roots, rows shared with other properties, service hosts registered in the cloud with tokens a file never
 * holds) are upserted, never deleted. An entity key absent from the file is left alone. A bad file changes nothing
 * and the error names the entity and field.
 */
public final class PropertyImport {

  public record Result(UUID propertyId, int version) {
  }

  private final Catalog catalog;
  private final CatalogSql sql;

  public PropertyImport(Catalog catalog) {
    this.catalog = catalog;
    this.sql = new CatalogSql(catalog);
  }

  /** Validates, then imports; fails with {@link ValidationException} for a bad file (nothing written). */
  public Future<Result> run(Pool pool, JsonObject file, UUID changedBy) {
    UUID propertyId;
    try {
      propertyId = FullPayloadValidator.check(catalog, file);
    } catch (ValidationException e) {
      return Future.failedFuture(e);
    }
    List<EntityType> present = catalog.entities().stream().filter(e -> file.getValue(e.key()) != null).toList();
    ChangeLog.Reach reach = ChangeLog.Reach.of(present);
    UUID enterpriseId = enterprise(file);
    return ChangeLog.inTransaction(pool, conn -> {
      Future<?> f = conn.query("SET CONSTRAINTS ALL DEFERRED").execute()
          .compose(v -> ChangeLog.lockReach(conn, propertyId, reach, enterpriseId));
      if (changedBy != null) {
        f = f.compose(v -> conn.preparedQuery("SELECT set_config('possync.changed_by', $1, true)")
            .execute(Tuple.of(changedBy.toString())));
      }
      for (int i = present.size() - 1; i >= 0; i--) {
        EntityType e = present.get(i);
        if (!e.upsertOnImport()) {
          f = f.compose(v -> conn.preparedQuery(sql.deleteOthers(e))
              .execute(Tuple.tuple().addValue(propertyId).addValue(ids(file, e))));
        }
      }
      for (EntityType e : present) {
        f = f.compose(v -> conn.preparedQuery(sql.upsert(e)).execute(Tuple.tuple().addValue(columnRows(file, e))));
      }
      // After the upserts, whose owner guard skipped any row stored for another owner (also one committed by
      // another writer meanwhile): such a row fails the import.
      for (EntityType e : present) {
        if (!e.isRoot() && !e.ownerColumns().isEmpty()) {
          f = f.compose(v -> checkNotElsewhere(conn, e, file));
        }
      }
      return f.compose(v -> conn.preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
              .execute(Tuple.of(propertyId)))
          .map(rows -> new Result(propertyId, rows.iterator().next().getInteger(0)));
    }).recover(err -> Future.failedFuture(PgErrors.translate(err, catalog, false)));
  }

  /** No row of the file is stored for another owner: an import never moves a row to another property or enterprise. */
  private Future<Void> checkNotElsewhere(SqlConnection conn, EntityType e, JsonObject file) {
    JsonArray rows = rows(file, e);
    List<Column> owner = e.ownerColumns();
    Tuple args = Tuple.tuple().addValue(ids(file, e));
    for (Column c : owner) {
      UUID[] values = new UUID[rows.size()];
      for (int i = 0; i < values.length; i++) {
        String v = rows.getJsonObject(i).getString(c.field());
        values[i] = v == null ? null : UUID.fromString(v);
      }
      args.addValue(values);
    }
    return conn.preparedQuery(sql.ownedElsewhere(e)).execute(args).compose(found -> {
      if (found.size() == 0) {
        return Future.succeededFuture();
      }
      Row r = found.iterator().next();
      StringBuilder stored = new StringBuilder();
      for (int i = 0; i < owner.size(); i++) {
        stored.append(i == 0 ? "" : ", ").append(owner.get(i).field()).append(' ').append(r.getValue(i + 1));
      }
      return Future.failedFuture(new ValidationException(e.key() + " (id " + r.getUUID(0) + "): this id belongs to "
          + "another property or enterprise (" + stored + "); an import never moves a row", owner.get(0).field()));
    });
  }

  /** The enterprise the file's property names (its rows reach that enterprise's properties), or null. */
  private UUID enterprise(JsonObject file) {
    EntityType root = catalog.propertyRoot();
    JsonObject property = file.getJsonObject(root.key());
    String id = root.enterpriseColumn() == null || property == null ? null
        : property.getString(root.column(root.enterpriseColumn()).field());
    return id == null ? null : UUID.fromString(id);
  }

  private static JsonArray rows(JsonObject file, EntityType e) {
    return e.rowsIn(file);
  }

  private static UUID[] ids(JsonObject file, EntityType e) {
    JsonArray rows = rows(file, e);
    UUID[] ids = new UUID[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.fromString(rows.getJsonObject(i).getString("id"));
    }
    return ids;
  }

  /** The rows as a JSON array text with column names for keys, ready for jsonb_populate_recordset. */
  private static String columnRows(JsonObject file, EntityType e) {
    JsonArray out = new JsonArray();
    for (Object o : rows(file, e)) {
      out.add(RowConverter.toColumns(e, (JsonObject) o));
    }
    return out.encode();
  }
}
