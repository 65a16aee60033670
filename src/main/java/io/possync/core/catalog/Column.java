package io.possync.core.catalog;

import java.util.List;

/**
 * One column of a synced entity.
 *
 * @param name PostgreSQL column name (snake_case)
 * @param field payload field name (camelCase)
 * @param ref table this column references, or null
 * @param secret never leaves the cloud (not in snapshots, deltas, exports or the admin API)
 * @param values allowed values of a text column, empty when any
 * @param format extra check on a text value ("bcrypt"), or null
 * @param precision total digits of a decimal column ({@code numeric(precision, scale)}), else null
 * @param scale digits after the decimal point of a decimal column, else null
 * @param min the least value of a whole-number column (what its CHECK constraint says), else null
 */
public record Column(String name, String field, ColumnType type, boolean required, String ref, boolean secret,
                     List<String> values, String format, Integer precision, Integer scale, Long min) {

  public Column(String name, String field, ColumnType type, boolean required, String ref, boolean secret,
                List<String> values, String format, Integer precision, Integer scale) {
    this(name, field, type, required, ref, secret, values, format, precision, scale, null);
  }

  public boolean isId() {
    return name.equals("id");
  }
}
