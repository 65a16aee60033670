package io.possync.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One synced entity: a table, its payload key and the columns that travel.
 *
 * @param single the payload holds one object (enterprise, property), not an array
 * @param propertyColumn column naming the row's property, or null
 * @param enterpriseColumn column naming the row's enterprise, or null
 * @param featureFlag property column that must be true for the entity to be sent, or null
 * @param urgent "always", "deactivate" or "never": when a change is pushed as config:urgent
 */
public record EntityType(String table, String key, boolean single, int tier, Scope scope, String priority,
                         String propertyColumn, String enterpriseColumn, String featureFlag, String urgent,
                         List<Column> columns, Map<String, Column> byField, Map<String, Column> byName) {

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

  /** Whether every row of this type belongs to exactly one property (so a property file owns them all). */
  public boolean propertyOwned() {
    return scope == Scope.PROPERTY && !table.equals("properties");
  }
}
