package io.possync.core.catalog;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Checks one entity row (camelCase payload JSON) against its catalog entry: known fields, required fields, and each
 * value by {@link ValueRules} (type, range, precision, text rules).
 */
public final class RowValidator {

  private RowValidator() {
  }

  /**
   * Throws {@link ValidationException} naming {@code where} and the field at the first problem.
   *
   * @param where how the message names the row, such as {@code menuItems[3]}
   */
  public static void check(EntityType type, JsonObject row, String where) {
    // One pass over the row's own fields (imports and full syncs check 100,000s of rows), then the required
    // columns only when one is missing.
    int required = 0;
    for (Map.Entry<String, Object> f : row.getMap().entrySet()) {
      Column c = type.byField().get(f.getKey());
      if (c == null || c.secret()) {
        throw new ValidationException(where + ": unknown field \"" + f.getKey() + "\" for " + type.key(), f.getKey());
      }
      Object v = f.getValue();
      if (v == null) {
        continue;
      }
      if (c.required()) {
        required++;
      }
      String problem = ValueRules.problem(c, v);
      if (problem != null) {
        throw new ValidationException(where + ": field \"" + c.field() + "\" " + problem, c.field());
      }
    }
    if (required < type.requiredCount()) {
      for (Column c : type.columns()) {
        if (c.required() && !c.secret() && row.getValue(c.field()) == null) {
          throw new ValidationException(where + ": field \"" + c.field() + "\" is required", c.field());
        }
      }
    }
  }

  /** 8-4-4-4-12 hex digits: {@link ValueRules#isUuid}. */
  public static boolean isUuid(String s) {
    return ValueRules.isUuid(s);
  }
}
