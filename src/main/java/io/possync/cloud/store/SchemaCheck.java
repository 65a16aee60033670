package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the tables agree with the catalog: every catalog column exists with its type, and no table has a
 * column the catalog does not know (it would travel in deltas but not in snapshots).
 */
public final class SchemaCheck {

  private SchemaCheck() {
  }

  /** The disagreements, empty when none. */
  public static Future<List<String>> run(SqlClient client, Catalog catalog) {
    String[] tables = catalog.entities().stream().map(EntityType::table).toArray(String[]::new);
    return client.preparedQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
            + "WHERE table_schema = current_schema() AND table_name = ANY($1)")
        .execute(Tuple.of(tables))
        .map(rows -> {
          Map<String, Map<String, String>> actual = new HashMap<>();
          for (Row r : rows) {
            actual.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getString(2));
          }
          List<String> problems = new ArrayList<>();
          for (EntityType e : catalog.entities()) {
            Map<String, String> cols = actual.get(e.table());
            if (cols == null) {
              problems.add("table " + e.table() + " is missing");
              continue;
            }
            for (Column c : e.columns()) {
              String type = cols.remove(c.name());
              if (type == null) {
                problems.add(e.table() + "." + c.name() + " is in the catalog but not in the table");
              } else if (!type.equals(c.type().pgDataType())) {
                problems.add(e.table() + "." + c.name() + " is " + type + " in the table but " + c.type()
                    + " in the catalog");
              }
            }
            for (String extra : cols.keySet()) {
              problems.add(e.table() + "." + extra + " is in the table but not in the catalog");
            }
          }
          return problems;
        });
  }
}
