package io.possync.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One synced entity: a table, its payload key and the columns that travel.
 *
 * @param single the payload holds one object (enterprise, property), not an array
 * @param propertyColumn column naming the row's property, or null ({@code id} on the property root)
 * @param enterpriseColumn column naming the row's enterprise, or null ({@code id} on the enterprise root)
 * @param featureFlag boolean column of the property root that must be true for the entity to be sent, or null
 * @param urgent "always", "deactivate" or "never": when a change is pushed as config:urgent
 * @param root whether this is the property or the enterprise entity, or null for any other
 * @param upsertOnImport an import upserts the file's rows and deletes none (rows shared with other properties, or
 *     registered in the cloud); otherwise the file's rows replace the property's rows
 * @param activeColumn the boolean column whose turning false is urgent when {@code urgent} is "deactivate", or null
 */
public record EntityType(String table, String key, boolean single, int tier, Scope scope, String priority,
                         String propertyColumn, String enterpriseColumn, String featureFlag, String urgent,
                         Root root, boolean upsertOnImport, String activeColumn,
                         List<Column> columns, Map<String, Column> byField, Map<String, Column> byName) {

  /** The two entities whose rows the others hang from. */
  public enum Root {
    /** One row per property; its propertyColumn is its id. */
    PROPERTY,
    /** One row per enterprise; its enterpriseColumn is its id. */
    ENTERPRISE
  }

  public Optional<Column> field(String field) {
    return Optional.ofNullable(byField.get(field));
  }

  public Column column(String name) {
    Column c = byName.get(name);
    if (c == null) {
      throw new IllegalArgumentException(table + " has no column " + name);
    }
    return c;
  }

  /**
   * This type's rows in a FullSyncPayload-shaped object (a single object for {@link #single} types, else an array),
   * always as an array; null when the payload does not hold the key.
   */
  public io.vertx.core.json.JsonArray rowsIn(io.vertx.core.json.JsonObject payload) {
    Object v = payload.getValue(key);
    if (v == null) {
      return null;
    }
    return single ? new io.vertx.core.json.JsonArray().add(v) : (io.vertx.core.json.JsonArray) v;
  }

  /** Columns that leave the cloud, in table order. */
  public List<Column> publicColumns() {
    return columns.stream().filter(c -> !c.secret()).toList();
  }

  /** How many columns a row must carry (required and public). */
  public int requiredCount() {
    int n = 0;
    for (Column c : columns) {
      if (c.required() && !c.secret()) {
        n++;
      }
    }
    return n;
  }

  public List<String> secretColumns() {
    return columns.stream().filter(Column::secret).map(Column::name).toList();
  }

  public boolean isRoot() {
    return root != null;
  }

  /** Whether every row of this type belongs to exactly one property (so a property file owns them all). */
  public boolean propertyOwned() {
    return scope == Scope.PROPERTY && root == null;
  }

  /** The columns naming the row's owner (property, enterprise), other than its id: a stored row keeps them. */
  public List<Column> ownerColumns() {
    return java.util.stream.Stream.of(propertyColumn, enterpriseColumn)
        .filter(c -> c != null && !c.equals("id")).map(byName::get).toList();
  }
}
