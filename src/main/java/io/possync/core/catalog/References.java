package io.possync.core.catalog;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one reference check: every reference of a row names a row that exists where the property sees it. Pure: the
 * rows come from a {@link RowIndex} (a payload's own ids, ids the database returned, or a host's snapshot). A row
 * pointing at itself resolves.
 */
public final class References {

  private References() {
  }

  /** The ids a row references, per target table (lower case): what an index for {@link #check} must cover. */
  public static Map<String, Set<String>> targets(EntityType e, JsonObject row) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Column c : e.columns()) {
      Object v = c.ref() == null ? null : row.getValue(c.field());
      if (v != null) {
        out.computeIfAbsent(c.ref(), k -> new LinkedHashSet<>()).add(lower(v.toString()));
      }
    }
    return out;
  }

  /**
   * Throws {@link ValidationException} naming the field of the first reference the index does not resolve.
   *
   * @param where the row, for the message (e.g. {@code menuItems[3] (id ...)})
   * @param missing what the index lacks, for the message (e.g. "which is not in the file")
   */
  public static void check(EntityType e, JsonObject row, RowIndex index, String where, String missing) {
    Column c = dangling(e, row, index);
    if (c != null) {
      throw new ValidationException(where + ": field \"" + c.field() + "\" references " + c.ref() + " "
          + lower(row.getValue(c.field()).toString()) + ", " + missing, c.field());
    }
  }

  /** The first reference column the index does not resolve, or null. */
  public static Column dangling(EntityType e, JsonObject row, RowIndex index) {
    String self = null;
    for (Column c : e.columns()) {
      Object v = c.ref() == null ? null : row.getValue(c.field());
      if (v == null || !index.covers(c.ref())) {
        continue;
      }
      String id = lower(v.toString());
      if (c.ref().equals(e.table())) {
        if (self == null) {
          Object own = row.getValue(e.column("id").field());
          self = own == null ? "" : lower(own.toString());
        }
        if (id.equals(self)) {
          continue;
        }
      }
      if (!index.contains(c.ref(), id)) {
        return c;
      }
    }
    return null;
  }

  /**
   * A UUID text in lower case, without a copy when it already is (PostgreSQL sends them so). ASCII only, which a
   * UUID is; Character.isUpperCase costs a Unicode table look-up per character.
   */
  public static String lower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }
}
