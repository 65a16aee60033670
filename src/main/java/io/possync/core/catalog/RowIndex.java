package io.possync.core.catalog;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows a reference may point at, as a property sees them: the ids of some tables. A table the index does not
 * cover is not checked (a payload that leaves an entity out, whose rows the database checks).
 */
public interface RowIndex {

  /** Whether the index knows which rows of {@code table} exist. */
  boolean covers(String table);

  /** Whether {@code table} holds the row {@code id} (lower-case UUID text); only asked for a covered table. */
  boolean contains(String table, String id);

  /** An index over id sets per table (ids in lower case). */
  static RowIndex ofIds(Map<String, ? extends Set<String>> ids) {
    return over(ids::get);
  }

  /** An index over rows by id per table, as a host's configuration snapshot holds them (ids in lower case). */
  static RowIndex ofRows(Map<String, ? extends Map<String, ?>> rows) {
    return over(table -> {
      Map<String, ?> m = rows.get(table);
      return m == null ? null : m.keySet();
    });
  }

  /** An index over each table's ids ({@code idsOf} gives null for a table it does not cover). */
  private static RowIndex over(Function<String, ? extends Set<String>> idsOf) {
    return new RowIndex() {
      @Override
      public boolean covers(String table) {
        return idsOf.apply(table) != null;
      }

      @Override
      public boolean contains(String table, String id) {
        Set<String> s = idsOf.apply(table);
        return s != null && s.contains(id);
      }
    };
  }
}
