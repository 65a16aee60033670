package io.possync.core.catalog;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/**
 * The one converter between a row as PostgreSQL names it (snake_case columns) and as payloads name it (camelCase
 * fields). Only the catalog's public columns pass: a secret column or a name the catalog does not list never does.
 */
public final class RowConverter {

  private RowConverter() {
  }

  /** A payload row (fields) as columns, ready for {@code jsonb_populate_record(set)}. */
  public static JsonObject toColumns(EntityType e, JsonObject fields) {
    JsonObject out = new JsonObject(new LinkedHashMap<>(e.columns().size() * 2));
    for (Column c : e.publicColumns()) {
      out.put(c.name(), fields.getValue(c.field()));
    }
    return out;
  }

  /** A stored row (columns, as the change log keeps it) as payload fields. */
  public static JsonObject toFields(EntityType e, JsonObject columns) {
    JsonObject out = new JsonObject(new LinkedHashMap<>(e.columns().size() * 2));
    for (Column c : e.publicColumns()) {
      out.put(c.field(), columns.getValue(c.name()));
    }
    return out;
  }
}
