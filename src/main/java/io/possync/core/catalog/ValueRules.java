package io.possync.core.catalog;

/** placeholder */
public final class ValueRules {

  private ValueRules() {
  }

  /** Checked when the catalog loads: a decimal column states its precision and scale; no other column does. */
  static void checkColumn(String table, Column c) {
    String name = "catalog: " + table + "." + c.name();
    if (c.type() == ColumnType.DECIMAL) {
      if (c.precision() == null || c.scale() == null) {
        throw new IllegalStateException(name + " is decimal: it needs \"precision\" and \"scale\" (its numeric(p,s))");
      }
      if (c.precision() < 1 || c.precision() > 1000 || c.scale() < 0 || c.scale() > c.precision()) {
        throw new IllegalStateException(name + ": numeric(" + c.precision() + "," + c.scale() + ") is no PostgreSQL type");
      }
    } else if (c.precision() != null || c.scale() != null) {
      throw new IllegalStateException(name + " is " + c.type() + ": only a decimal column has a precision and scale");
    }
  }
}
