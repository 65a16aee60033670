package io.possync.core.catalog;

/** Column types the catalog knows, with their PostgreSQL and JSON forms. */
public enum ColumnType {
  UUID("uuid", "uuid"),
  TEXT("text", "text"),
  INT("int", "integer"),
  BIGINT("bigint", "bigint"),
  DECIMAL("decimal", "numeric"),
  BOOL("bool", "boolean"),
  DATE("date", "date"),
  TIME("time", "time without time zone"),
  TIMESTAMPTZ("timestamptz", "timestamp with time zone"),
  TEXT_ARRAY("text[]", "ARRAY");

  private final String catalogName;
  private final String pgDataType;

  ColumnType(String catalogName, String pgDataType) {
    this.catalogName = catalogName;
    this.pgDataType = pgDataType;
  }

  /** The type's name as information_schema.columns.data_type spells it. */
  public String pgDataType() {
    return pgDataType;
  }

  public static ColumnType of(String catalogName) {
    for (ColumnType t : values()) {
      if (t.catalogName.equals(catalogName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown column type '" + catalogName + "'");
  }

  @Override
  public String toString() {
    return catalogName;
  }
}
