package io.possync.core.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks one entity row (camelCase payload JSON) against its catalog entry: fields, types, required, values. */
public final class RowValidator {

  private static final Pattern BCRYPT_RE = Pattern.compile("^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

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
      String problem = typeProblem(c, v);
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

  private static String typeProblem(Column c, Object v) {
    switch (c.type()) {
      case UUID:
        return v instanceof String s && isUuid(s) ? null : "must be a UUID";
      case TEXT:
        if (!(v instanceof String s)) {
          return "must be a string";
        }
        if (!c.values().isEmpty() && !c.values().contains(s)) {
          return "must be one of " + c.values() + ", not \"" + s + "\"";
        }
        if ("bcrypt".equals(c.format()) && !BCRYPT_RE.matcher(s).matches()) {
          return "must be a bcrypt hash (a PIN is never accepted in clear)";
        }
        return null;
      case INT:
        return isWhole(v) && fitsInt(v) ? null : "must be a whole number between -2147483648 and 2147483647";
      case BIGINT:
        return isWhole(v) && !(v instanceof BigInteger) ? null : "must be a whole number (minor currency units)";
      case DECIMAL:
        return v instanceof Number ? null : "must be a number";
      case BOOL:
        return v instanceof Boolean ? null : "must be true or false";
      case DATE:
        return parses(v, s -> LocalDate.parse(s)) ? null : "must be a date like 2026-11-24";
      case TIME:
        return parses(v, s -> LocalTime.parse(s)) ? null : "must be a time like 04:00:00";
      case TIMESTAMPTZ:
        return parses(v, s -> OffsetDateTime.parse(s)) ? null : "must be a timestamp with offset, like 2026-11-24T08:00:00+00:00";
      case TEXT_ARRAY:
        Iterable<?> a = v instanceof JsonArray ja ? ja : v instanceof java.util.List<?> l ? l : null;
        if (a == null) {
          return "must be an array of strings";
        }
        for (Object o : a) {
          if (!(o instanceof String)) {
            return "must be an array of strings";
          }
        }
        return null;
      default:
        throw new IllegalStateException("unhandled type " + c.type());
    }
  }

  /** 8-4-4-4-12 hex digits (what the regex would say, without a regex per value: imports check 100,000s). */
  public static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhole(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
      return true;
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0;
    }
    return false;
  }

  private static boolean fitsInt(Object v) {
    if (v instanceof Integer || v instanceof Short) {
      return true;
    }
    if (v instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
    }
    return false;
  }

  private interface Parser {
    Object parse(String s);
  }

  private static boolean parses(Object v, Parser p) {
    if (!(v instanceof String s)) {
      return false;
    }
    try {
      p.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
