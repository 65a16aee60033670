package io.possync.cloud.admin;

import io.possync.cloud.store.CatalogSql;
import io.possync.cloud.store.ChangeLog;
import io.possync.cloud.store.PgErrors;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Ownership;
import io.possync.core.catalog.References;
import io.possync.core.catalog.RowConverter;
import io.possync.core.catalog.RowIndex;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.Scope;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The EMC admin API's entity access, generic over the catalog: list, get, upsert and delete any entity as a
 * property sees it. A property writes its own rows and its enterprise's, never another's:
 * <ul>
 *   <li>a row that exists but that the property does not see is not found (404), for a write as for a read;</li>
 *   <li>a stored row never moves to another property or enterprise (409);</li>
 *   <li>a new row must name the property in the path, or its enterprise (400 naming the field);</li>
 *   <li>global rows (privileges) reach every property, so no one property writes them (403);</li>
 *   <li>{@code X-Changed-By} must name an employee of the property (400).</li>
 * </ul>
 * A write is validated against the catalog (types, required fields, values, references that exist and are visible
 * to the property), runs in one transaction with the version locks of every property it reaches taken first (in property id order) and the stored row locked
 * while its owner is checked, and records {@code changed_by}.
 */
public final class EntityStore {

  /** A write's outcome: the row as stored, and the property's version after it. */
  public record Written(JsonObject row, int version) {
  }

  /** The table {@code config_versions.changed_by} references. */
  private static final String CHANGED_BY_TABLE = "employees";

  private final Catalog catalog;
  private final CatalogSql sql;
  private final String changedBySql;

  public EntityStore(Catalog catalog) {
    this.catalog = catalog;
    this.sql = new CatalogSql(catalog);
    EntityType employees = catalog.table(CHANGED_BY_TABLE);
    this.changedBySql = "SELECT set_config('possync.changed_by', $1, true), EXISTS (SELECT 1 FROM "
        + employees.table() + " WHERE id = $2 AND " + employees.propertyColumn() + " = $3)";
  }

  public EntityType type(String table) {
    return catalog.byTable(table).orElseThrow(() -> PossyncException.notFound("no entity type '" + table
        + "' (use a table name such as menu_items)"));
  }

  public Future<JsonArray> list(Pool pool, UUID propertyId, String table) {
    EntityType e = type(table);
    return pool.preparedQuery(sql.visibleRows(e, false)).execute(Tuple.of(propertyId)).map(rows -> {
      if (rows.size() == 0) {
        throw PossyncException.notFound("no property " + propertyId);
      }
      return new JsonArray(rows.iterator().next().getString(0));
    });
  }

  public Future<JsonObject> get(Pool pool, UUID propertyId, String table, UUID id) {
    return getIn(pool, type(table), propertyId, id).map(row -> {
      if (row == null) {
        throw notFound(table, id, propertyId);
      }
      return row;
    });
  }

  private Future<JsonObject> getIn(SqlClient client, EntityType e, UUID propertyId, UUID id) {
    return client.preparedQuery(sql.visibleRows(e, true)).execute(Tuple.of(propertyId, id)).map(rows -> {
      if (rows.size() == 0) {
        throw PossyncException.notFound("no property " + propertyId);
      }
      JsonArray a = new JsonArray(rows.iterator().next().getString(0));
      return a.isEmpty() ? null : a.getJsonObject(0);
    });
  }

  private static PossyncException notFound(String table, UUID id, UUID propertyId) {
    return PossyncException.notFound("no " + table + " " + id + " at property " + propertyId);
  }

  /** Creates or replaces the entity; the body is the whole entity in payload form (camelCase). */
  public Future<Written> upsert(Pool pool, UUID propertyId, String table, UUID id, JsonObject body, UUID changedBy) {
    EntityType e = type(table);
    refuseGlobal(e);
    Object bodyId = body.getValue("id");
    if (bodyId != null && !String.valueOf(bodyId).equalsIgnoreCase(id.toString())) {
      throw new ValidationException("field \"id\" is " + bodyId + " but the path names " + id, "id");
    }
    JsonObject row = body.copy().put("id", id.toString());
    if (e.propertyOwned() && row.getValue(e.column(e.propertyColumn()).field()) == null) {
      row.put(e.column(e.propertyColumn()).field(), propertyId.toString()); // the path says which property
    }
    String where = e.table() + " " + id;
    RowValidator.check(e, row, where);
    return ChangeLog.inTransaction(pool, conn -> ChangeLog.lockReach(conn, propertyId, reach(e), null)
        .compose(v -> setChangedBy(conn, propertyId, changedBy))
        .compose(v -> lockRow(conn, e, propertyId, id))
        .compose(stored -> {
          if (stored.row() != null && !Ownership.sameOwner(e, stored.row(), row)) {
            return Future.failedFuture(PossyncException.conflict(where + " belongs to "
                + owner(e, stored.row()) + ": a stored row never moves to another property or enterprise"));
          }
          Ownership.check(e, row, propertyId, stored.enterpriseId(), where);
          return checkReferences(conn, e, propertyId, row, where);
        })
        .compose(v -> conn.preparedQuery(sql.guardedUpsert(e))
            .execute(Tuple.of(new JsonArray().add(RowConverter.toColumns(e, row)).encode())))
        .compose(written -> written.size() == 1 ? getIn(conn, e, propertyId, id)
            : Future.failedFuture(PossyncException.conflict(where + " was just written for another owner")))
        .compose(stored -> version(conn, propertyId).map(ver -> new Written(stored, ver))))
        .recover(err -> Future.failedFuture(PgErrors.translate(err, catalog, false)));
  }

  public Future<Integer> delete(Pool pool, UUID propertyId, String table, UUID id, UUID changedBy) {
    EntityType e = type(table);
    refuseGlobal(e);
    return ChangeLog.inTransaction(pool, conn -> ChangeLog.lockReach(conn, propertyId, reach(e), null)
        .compose(v -> setChangedBy(conn, propertyId, changedBy))
        .compose(v -> lockRow(conn, e, propertyId, id))
        .compose(stored -> {
          if (stored.row() == null) {
            return Future.failedFuture(notFound(table, id, propertyId));
          }
          if (e.isRoot()) {
            return Future.failedFuture(PossyncException.invalid(table + " are not deleted through the admin API"));
          }
          return conn.preparedQuery(sql.deleteVisible(e)).execute(Tuple.of(propertyId, id));
        })
        .compose(v -> version(conn, propertyId)))
        .recover(err -> Future.failedFuture(PgErrors.translate(err, catalog, true)));
  }

  /** The properties a write of {@code e} reaches, whose version locks it takes first. */
  private static ChangeLog.Reach reach(EntityType e) {
    return ChangeLog.Reach.of(List.of(e));
  }

  private static void refuseGlobal(EntityType e) {
    if (e.scope() == Scope.GLOBAL) {
      throw PossyncException.forbidden(e.table() + " are global (they reach every property): no one property's "
          + "admin path writes them; change them with an import");
    }
  }

  private static String owner(EntityType e, JsonObject row) {
    StringBuilder sb = new StringBuilder();
    e.ownerColumns().forEach(c -> sb.append(sb.length() == 0 ? "" : ", ").append(c.field()).append(' ')
        .append(row.getValue(c.field())));
    return sb.toString();
  }

  /** The property's enterprise, and the stored row with the same id as the property sees it (null when none). */
  private record Stored(String enterpriseId, JsonObject row) {
  }

  /**
   * Reads and locks the stored row of this id. A row that exists but that the property does not see is not found:
   * it is not the property's to write or delete.
   */
  private Future<Stored> lockRow(SqlConnection conn, EntityType e, UUID propertyId, UUID id) {
    return conn.preparedQuery(sql.lockRow(e)).execute(Tuple.of(propertyId, id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(PossyncException.notFound("no property " + propertyId));
      }
      Row r = rows.iterator().next();
      JsonObject stored = r.getString(1) == null ? null : new JsonObject(r.getString(1));
      if (stored != null && !Boolean.TRUE.equals(stored.remove(CatalogSql.VISIBLE))) {
        return Future.failedFuture(notFound(e.table(), id, propertyId));
      }
      return Future.succeededFuture(new Stored(r.getString(0), stored));
    });
  }

  /** Records who writes; an id that is no employee of this property is a 400, not a failure at commit. */
  private Future<Void> setChangedBy(SqlConnection conn, UUID propertyId, UUID changedBy) {
    if (changedBy == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(changedBySql).execute(Tuple.of(changedBy.toString(), changedBy, propertyId))
        .compose(rows -> rows.iterator().next().getBoolean(1) ? Future.succeededFuture()
            : Future.failedFuture(PossyncException.invalid(AdminRoutes.CHANGED_BY_HEADER + " names no employee of "
                + "property " + propertyId + ": " + changedBy)));
  }

  private static Future<Integer> version(SqlConnection conn, UUID propertyId) {
    return conn.preparedQuery("SELECT version FROM property_versions WHERE property_id = $1")
        .execute(Tuple.of(propertyId)).map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  /** Every reference must name a row that exists and that this property sees: one query, then the pure check. */
  private Future<Void> checkReferences(SqlConnection conn, EntityType e, UUID propertyId, JsonObject row,
                                       String where) {
    List<String> tables = sql.referenced(e);
    if (tables.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, Set<String>> wanted = References.targets(e, row);
    Tuple args = Tuple.of(propertyId);
    for (String t : tables) {
      args.addValue(wanted.getOrDefault(t, Set.of()).stream().map(UUID::fromString).toArray(UUID[]::new));
    }
    return conn.preparedQuery(sql.referencedIds(e)).execute(args).map(rows -> {
      Map<String, Set<String>> found = new HashMap<>();
      tables.forEach(t -> found.put(t, new HashSet<>()));
      for (Row r : rows) {
        found.get(r.getString(0)).add(r.getString(1));
      }
      References.check(e, row, RowIndex.ofIds(found), where, "which does not exist at this property");
      return null;
    });
  }
}
