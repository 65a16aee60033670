package io.possync.cloud.admin;

import io.possync.cloud.store.ChangeLog;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.Scope;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The EMC admin API's entity access, generic over the catalog: list, get, upsert and delete any entity as a
 * property sees it. A write is validated against the catalog (types, required fields, values, references that
 * exist and are visible to the property) before anything is written, runs in one transaction with the property's
 * version lock taken first, and records {@code changed_by}.
 */
public final class EntityStore {

  /** A write's outcome: the row as stored, and the property's version after it. */
  public record Written(JsonObject row, int version) {
  }

  private final Catalog catalog;

  public EntityStore(Catalog catalog) {
    this.catalog = catalog;
  }

  public EntityType type(String table) {
    return catalog.byTable(table).orElseThrow(() -> PossyncException.notFound("no entity type '" + table + "' (use a table name such as menu_items)"));
  }

  private static String visibleSql(EntityType e, String extra) {
    return "SELECT (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (" + SnapshotQuery.rowSelect(e, "t")
        + " WHERE " + SnapshotQuery.rowFilter(e, "t") + extra + ") x)::text FROM properties p WHERE p.id = $1";
  }

  public Future<JsonArray> list(Pool pool, UUID propertyId, String table) {
    EntityType e = type(table);
    return pool.preparedQuery(visibleSql(e, "")).execute(Tuple.of(propertyId)).map(rows -> {
      if (rows.size() == 0) {
        throw PossyncException.notFound("no property " + propertyId);
      }
      return new JsonArray(rows.iterator().next().getString(0));
    });
  }

  public Future<JsonObject> get(Pool pool, UUID propertyId, String table, UUID id) {
    return getIn(pool, type(table), propertyId, id).map(row -> {
      if (row == null) {
        throw PossyncException.notFound("no " + table + " " + id + " at property " + propertyId);
      }
      return row;
    });
  }

  private static Future<JsonObject> getIn(io.vertx.sqlclient.SqlClient client, EntityType e, UUID propertyId, UUID id) {
    return client.preparedQuery(visibleSql(e, " AND t.id = $2")).execute(Tuple.of(propertyId, id)).map(rows -> {
      if (rows.size() == 0) {
        throw PossyncException.notFound("no property " + propertyId);
      }
      JsonArray a = new JsonArray(rows.iterator().next().getString(0));
      return a.isEmpty() ? null : a.getJsonObject(0);
    });
  }

  /** Creates or replaces the entity; the body is the whole entity in payload form (camelCase). */
  public Future<Written> upsert(Pool pool, UUID propertyId, String table, UUID id, JsonObject body, UUID changedBy) {
    EntityType e = type(table);
    Object bodyId = body.getValue("id");
    if (bodyId != null && !String.valueOf(bodyId).equalsIgnoreCase(id.toString())) {
      throw new ValidationException("field \"id\" is " + bodyId + " but the path names " + id, "id");
    }
    JsonObject row = body.copy().put("id", id.toString());
    if (e.table().equals("properties") && !id.equals(propertyId)) {
      throw new ValidationException("a property can only write its own properties row", "id");
    }
    if (e.propertyOwned() && row.getValue(field(e, e.propertyColumn())) == null) {
      row.put(field(e, e.propertyColumn()), propertyId.toString()); // the path says which property
    }
    RowValidator.check(e, row, e.table() + " " + id);
    return pool.withTransaction(conn -> ChangeLog.lockProperty(conn, propertyId)
        .compose(v -> setChangedBy(conn, changedBy))
        .compose(v -> checkScope(conn, e, propertyId, row))
        .compose(v -> checkReferences(conn, e, propertyId, row))
        .compose(v -> conn.preparedQuery(PropertyImport.upsertSql(e)).execute(Tuple.of(
            new JsonArray().add(snake(e, row)).encode())))
        .compose(v -> getIn(conn, e, propertyId, id))
        .compose(stored -> version(conn, propertyId).map(ver -> new Written(stored, ver))))
        .recover(err -> Future.failedFuture(explain(err)));
  }

  public Future<Integer> delete(Pool pool, UUID propertyId, String table, UUID id, UUID changedBy) {
    EntityType e = type(table);
    if (e.table().equals("properties") || e.table().equals("enterprises")) {
      throw PossyncException.invalid(table + " are not deleted through the admin API");
    }
    return pool.withTransaction(conn -> ChangeLog.lockProperty(conn, propertyId)
        .compose(v -> setChangedBy(conn, changedBy))
        .compose(v -> getIn(conn, e, propertyId, id))
        .compose(row -> {
          if (row == null) {
            return Future.failedFuture(PossyncException.notFound("no " + table + " " + id
                + " at property " + propertyId));
          }
          return conn.preparedQuery("DELETE FROM " + e.table() + " WHERE id = $1").execute(Tuple.of(id));
        })
        .compose(v -> version(conn, propertyId)))
        .recover(err -> Future.failedFuture(explain(err)));
  }

  /** Records who writes; an id that is no employee is a 400, not a failure at commit. */
  private static Future<Void> setChangedBy(SqlConnection conn, UUID changedBy) {
    if (changedBy == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT set_config('possync.changed_by', $1, true), "
            + "EXISTS (SELECT 1 FROM employees WHERE id = $2)")
        .execute(Tuple.of(changedBy.toString(), changedBy))
        .compose(rows -> rows.iterator().next().getBoolean(1) ? Future.succeededFuture()
            : Future.failedFuture(PossyncException.invalid("X-Changed-By names no employee: " + changedBy)));
  }

  private static Future<Integer> version(SqlConnection conn, UUID propertyId) {
    return conn.preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
        .execute(Tuple.of(propertyId)).map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  private static String field(EntityType e, String column) {
    return e.column(column).field();
  }

  /** The row must belong to this property, or to its enterprise. */
  private Future<Void> checkScope(SqlConnection conn, EntityType e, UUID propertyId, JsonObject row) {
    if (e.propertyColumn() != null && !e.table().equals("properties")) {
      String p = row.getString(field(e, e.propertyColumn()));
      if (p != null && !p.equalsIgnoreCase(propertyId.toString())) {
        return Future.failedFuture(new ValidationException("field \"" + field(e, e.propertyColumn()) + "\" must be "
            + propertyId + ", the property in the path", field(e, e.propertyColumn())));
      }
    }
    if (e.scope() == Scope.ENTERPRISE) {
      String col = e.enterpriseColumn();
      String en = row.getString(field(e, col));
      return conn.preparedQuery("SELECT enterprise_id FROM properties WHERE id = $1").execute(Tuple.of(propertyId))
          .compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(PossyncException.notFound("no property " + propertyId));
            }
            UUID mine = rows.iterator().next().getUUID(0);
            return mine.toString().equalsIgnoreCase(en) ? Future.succeededFuture()
                : Future.failedFuture(new ValidationException("field \"" + field(e, col) + "\" must be " + mine
                    + ", the property's enterprise", field(e, col)));
          });
    }
    return Future.succeededFuture();
  }

  /** Every reference must name a row that exists and that this property sees. */
  private Future<Void> checkReferences(SqlConnection conn, EntityType e, UUID propertyId, JsonObject row) {
    Future<Void> f = Future.succeededFuture();
    for (Column c : e.columns()) {
      Object v = row.getValue(c.field());
      if (c.ref() == null || v == null) {
        continue;
      }
      EntityType target = catalog.table(c.ref());
      UUID ref = UUID.fromString((String) v);
      if (target.table().equals(e.table()) && ref.equals(UUID.fromString(row.getString("id")))) {
        continue; // a row pointing at itself
      }
      String sql = "SELECT EXISTS (SELECT 1 FROM " + target.table() + " t, properties p WHERE p.id = $1 AND t.id = $2"
          + " AND " + SnapshotQuery.rowFilter(target, "t") + ")";
      f = f.compose(x -> conn.preparedQuery(sql).execute(Tuple.of(propertyId, ref)).compose(rows ->
          rows.iterator().next().getBoolean(0) ? Future.succeededFuture()
              : Future.failedFuture(new ValidationException("field \"" + c.field() + "\" references " + target.table()
                  + " " + ref + ", which does not exist at this property", c.field()))));
    }
    return f;
  }

  private static JsonObject snake(EntityType e, JsonObject row) {
    JsonObject out = new JsonObject();
    for (Column c : e.publicColumns()) {
      out.put(c.name(), row.getValue(c.field()));
    }
    return out;
  }

  /** Database refusals in API terms: a row still referenced is 409 naming who references it. */
  private Throwable explain(Throwable err) {
    if (err instanceof PgException pg) {
      if ("23503".equals(pg.getSqlState())) {
        String who = pg.getTable() == null ? "another entity"
            : catalog.byTable(pg.getTable()).map(EntityType::table).orElse(pg.getTable());
        return PossyncException.conflict("still referenced by " + who + " (" + pg.getDetail() + ")");
      }
      if ("23505".equals(pg.getSqlState())) {
        return PossyncException.conflict(pg.getErrorMessage() + " (" + pg.getDetail() + ")");
      }
      if ("22P02".equals(pg.getSqlState()) || "23502".equals(pg.getSqlState())) {
        return new ValidationException(pg.getErrorMessage(), pg.getColumn());
      }
    }
    return err;
  }

}
