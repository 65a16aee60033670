package io.possync.core.catalog;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The one scope check: which property and enterprise a row (payload fields) belongs to, whether a property sees it,
 * and whether it may be written as that property's. Used by the full payload check (import), the admin API and
 * the host. The SQL form of {@link #sees} is {@code CatalogSql.visible}.
 */
public final class Ownership {

  private Ownership() {
  }

  /**
   * Whether the property sees the row: its own rows, its enterprise's rows that name no property, and global rows.
   *
   * @param enterpriseId the property's enterprise (lower or upper case)
   */
  public static boolean sees(EntityType e, JsonObject row, UUID propertyId, String enterpriseId) {
    String p = value(e, e.propertyColumn(), row);
    String en = value(e, e.enterpriseColumn(), row);
    return switch (e.scope()) {
      case GLOBAL -> true;
      case PROPERTY -> same(p, propertyId.toString());
      case ENTERPRISE -> p != null ? same(p, propertyId.toString()) : same(en, enterpriseId);
    };
  }

  /**
   * Refuses a row that names another property or enterprise than the one it is written for ({@code where} says
   * which row, for the message); a row naming neither is left to the required-field check.
   */
  public static void check(EntityType e, JsonObject row, UUID propertyId, String enterpriseId, String where) {
    if (e.scope() == Scope.GLOBAL) {
      return;
    }
    String p = value(e, e.propertyColumn(), row);
    if (p != null && !same(p, propertyId.toString())) {
      String f = e.column(e.propertyColumn()).field();
      throw new ValidationException(where + ": field \"" + f + "\" is " + p + ", not the property " + propertyId, f);
    }
    String en = value(e, e.enterpriseColumn(), row);
    if (en != null && enterpriseId != null && !same(en, enterpriseId)) {
      String f = e.column(e.enterpriseColumn()).field();
      throw new ValidationException(where + ": field \"" + f + "\" is " + en + ", not the property's enterprise "
          + enterpriseId, f);
    }
  }

  /** Whether two versions of a row name the same owner (a stored row never moves to another owner). */
  public static boolean sameOwner(EntityType e, JsonObject a, JsonObject b) {
    for (Column c : e.ownerColumns()) {
      String x = a.getString(c.field());
      String y = b.getString(c.field());
      if (x == null ? y != null : !same(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static String value(EntityType e, String column, JsonObject row) {
    if (column == null) {
      return null;
    }
    Object v = row.getValue(e.column(column).field());
    return v == null ? null : v.toString();
  }

  private static boolean same(String a, String b) {
    return a != null && a.equalsIgnoreCase(b);
  }
}
