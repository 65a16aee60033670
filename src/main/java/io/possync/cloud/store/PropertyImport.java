package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.FullPayloadValidator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a property file (FullSyncPayload shape) in one transaction. Every row in the file is upserted; for each
 * property-owned entity the file lists, rows of the property that the file does not list are deleted, so the
 * property ends up exactly as the file says. Enterprise and global rows (the enterprise, privileges, loyalty
 * programs) are upserted, never deleted: other properties share them. Service hosts (registered in the cloud, with
 * tokens a file never holds) are upserted, never deleted. An entity key absent from the file is left
 * alone. A bad file changes nothing and the error names the entity and field.
 */
public final class PropertyImport {

  public record Result(UUID propertyId, int version) {
  }

  private static final Pattern KEY_DETAIL = Pattern.compile("Key \\(([a-z_]+)\\)=\\(([^)]*)\\)");

  private final Catalog catalog;
  private final Map<String, String> upsertSql = new HashMap<>();

  public PropertyImport(Catalog catalog) {
    this.catalog = catalog;
    for (EntityType e : catalog.entities()) {
      upsertSql.put(e.table(), upsertSql(e));
    }
  }

  public static String upsertSql(EntityType e) {
    List<String> cols = e.publicColumns().stream().map(Column::name).toList();
    List<String> rest = cols.stream().filter(c -> !c.equals("id")).toList();
    String list = String.join(", ", cols);
    return "INSERT INTO " + e.table() + " AS t (" + list + ") SELECT " + list
        + " FROM jsonb_populate_recordset(NULL::" + e.table() + ", $1::text::jsonb)"
        + " ON CONFLICT (id) DO UPDATE SET (" + String.join(", ", rest) + ") = ROW("
        + String.join(", ", rest.stream().map(c -> "EXCLUDED." + c).toList()) + ")"
        + " WHERE (" + String.join(", ", rest.stream().map(c -> "t." + c).toList()) + ") IS DISTINCT FROM ("
        + String.join(", ", rest.stream().map(c -> "EXCLUDED." + c).toList()) + ")";
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
    return pool.withTransaction(conn -> {
      Future<?> f = conn.query("SET CONSTRAINTS ALL DEFERRED").execute()
          .compose(v -> ChangeLog.lockProperty(conn, propertyId));
      if (changedBy != null) {
        f = f.compose(v -> conn.preparedQuery("SELECT set_config('possync.changed_by', $1, true)")
            .execute(Tuple.of(changedBy.toString())));
      }
      for (EntityType e : present) {
        if (e.propertyOwned()) {
          f = f.compose(v -> checkNotElsewhere(conn, e, propertyId, ids(file, e)));
        }
      }
      for (int i = present.size() - 1; i >= 0; i--) {
        EntityType e = present.get(i);
        if (replaced(e)) {
          f = f.compose(v -> conn.preparedQuery("DELETE FROM " + e.table() + " WHERE " + e.propertyColumn()
              + " = $1 AND NOT (id = ANY($2))").execute(Tuple.tuple().addValue(propertyId).addValue(ids(file, e))));
        }
      }
      for (EntityType e : present) {
        f = f.compose(v -> conn.preparedQuery(upsertSql.get(e.table())).execute(Tuple.tuple().addValue(snakeRows(file, e))));
      }
      return f.compose(v -> conn.preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
              .execute(Tuple.of(propertyId)))
          .map(rows -> new Result(propertyId, rows.iterator().next().getInteger(0)));
    }).recover(err -> Future.failedFuture(explain(err)));
  }

  /**
   * Whether the file's rows replace the property's rows of this entity. Rows holding a cloud-only secret (service
   * hosts and their tokens) are registrations made in the cloud, which a file cannot carry: they are upserted only.
   */
  static boolean replaced(EntityType e) {
    return e.propertyOwned() && e.secretColumns().isEmpty();
  }

  private Future<Void> checkNotElsewhere(SqlConnection conn, EntityType e, UUID propertyId, UUID[] ids) {
    return conn.preparedQuery("SELECT id, " + e.propertyColumn() + " FROM " + e.table()
            + " WHERE id = ANY($1) AND " + e.propertyColumn() + " <> $2 LIMIT 1")
        .execute(Tuple.tuple().addValue(ids).addValue(propertyId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : Future.failedFuture(new ValidationException(e.key() + " (id " + rows.iterator().next().getUUID(0)
                + "): this id belongs to another property (" + rows.iterator().next().getUUID(1) + ")", "id")));
  }

  private static JsonArray rows(JsonObject file, EntityType e) {
    Object v = file.getValue(e.key());
    return e.single() ? new JsonArray().add(v) : (JsonArray) v;
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
  private static String snakeRows(JsonObject file, EntityType e) {
    JsonArray out = new JsonArray();
    for (Object o : rows(file, e)) {
      JsonObject row = (JsonObject) o;
      JsonObject snake = new JsonObject(new java.util.LinkedHashMap<>(e.columns().size() * 2));
      for (Column c : e.publicColumns()) {
        snake.put(c.name(), row.getValue(c.field()));
      }
      out.add(snake);
    }
    return out.encode();
  }

  /** A database refusal, said in the file's terms (entity key and field). */
  private Throwable explain(Throwable err) {
    if (err instanceof ValidationException) {
      return err;
    }
    if (err instanceof PgException pg) {
      String table = pg.getTable();
      String key = table == null ? null : catalog.byTable(table).map(EntityType::key).orElse(table);
      String field = null;
      String detail = pg.getDetail() == null ? "" : pg.getDetail();
      Matcher m = KEY_DETAIL.matcher(detail);
      if (m.find()) {
        field = io.possync.core.catalog.Names.camel(m.group(1));
      }
      String msg = (key == null ? "" : key + ": ") + (field == null ? "" : "field \"" + field + "\": ")
          + pg.getErrorMessage() + (detail.isEmpty() ? "" : " (" + detail + ")");
      return new ValidationException("rejected by the database: " + msg, field);
    }
    return err;
  }
}
