package io.possync.core.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one check of a value against its column's type, used wherever a value arrives (admin API, import, the host's
 * full and delta checks through {@link RowValidator}; transaction intake through {@link #jsonProblem}). A value it
 * accepts is one PostgreSQL stores without changing it and every host parses back to the same value:
 * <ul>
 *   <li>text: no NUL, no unpaired surrogate ({@link TextRules}); enumerated values; bcrypt hashes;</li>
 *   <li>uuid: canonical text only, 8-4-4-4-12 hex digits in either case ({@code UUID.fromString} takes
 *       {@code 1-1-1-1-1});</li>
 *   <li>int and bigint: whole numbers in the column's range;</li>
 *   <li>decimal: finite, at most {@code scale} decimal places and {@code precision - scale} integer digits
 *       ({@code numeric(p,s)} from the catalog): PostgreSQL would round the first and refuse the second;</li>
 *   <li>date: years 0001 to 9999 (PostgreSQL takes more, but writes year 10000 in a form {@code LocalDate} does not
 *       read, and Java takes year 0, which PostgreSQL does not);</li>
 *   <li>time: {@code 00:00:00} to {@code 23:59:59.999999}: PostgreSQL keeps microseconds and rounds the rest, so
 *       {@code 23:59:59.9999999} would become {@code 24:00:00}, which no host reads;</li>
 *   <li>timestamptz: microseconds at most, an offset PostgreSQL takes (under 16 hours), and an instant from
 *       0001-01-02 to 9999-12-30 UTC, so it reads back in whatever time zone the database session uses;</li>
 *   <li>text[]: an array of strings, each a valid text.</li>
 * </ul>
 * One pass, no regular expression or exception on the accepted path: imports and full syncs check 100,000s of values.
 */
public final class ValueRules {

  /** Earliest and latest instants of a timestamptz: a day inside years 0001..9999 whatever the session's zone. */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-02T00:00:00Z");
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-30T23:59:59.999999Z");
  /** PostgreSQL refuses a time zone displacement of 16 hours or more; Java takes up to 18. */
  static final int MAX_OFFSET_SECONDS = 16 * 3600 - 1;
  /** Longest name of a service host (registration). */
  public static final int MAX_NAME_LENGTH = 100;

  static final String UUID_PROBLEM = "must be a UUID (8-4-4-4-12 hex digits, like 0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e40)";
  static final String DATE_PROBLEM = "must be a date from 0001-01-01 to 9999-12-31, like 2026-11-24";
  static final String TIME_PROBLEM = "must be a time from 00:00:00 to 23:59:59.999999 (at most 6 decimal places), "
      + "like 04:00:00";
  static final String TIMESTAMP_PROBLEM = "must be a timestamp with offset from " + MIN_INSTANT + " to "
      + MAX_INSTANT + " (at most 6 decimal places, offset under 16 hours), like 2026-11-24T08:00:00+00:00";
  static final String INT_PROBLEM = "must be a whole number between -2147483648 and 2147483647";
  static final String BIGINT_PROBLEM = "must be a whole number (minor currency units) between "
      + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
  static final String NOT_FINITE = "must be a finite number (not beyond the range of a double, like 1e400)";
  private static final Pattern BCRYPT_RE = Pattern.compile("^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

  private ValueRules() {
  }

  /** Null when {@code v} (not null) fits column {@code c}, else what is wrong, phrased to follow "field \"x\" ". */
  public static String problem(Column c, Object v) {
    switch (c.type()) {
      case UUID:
        return uuidProblem(v);
      case TEXT:
        return textProblem(c, v);
      case INT:
        return !fitsInt(v) ? INT_PROBLEM : belowMin(c, v);
      case BIGINT:
        return !fitsLong(v) ? BIGINT_PROBLEM : belowMin(c, v);
      case DECIMAL:
        return decimalProblem(c, v);
      case BOOL:
        return v instanceof Boolean ? null : "must be true or false";
      case DATE:
        return v instanceof String s && date(s) != null ? null : DATE_PROBLEM;
      case TIME:
        return v instanceof String s && time(s) != null ? null : TIME_PROBLEM;
      case TIMESTAMPTZ:
        return v instanceof String s && timestamp(s) != null ? null : TIMESTAMP_PROBLEM;
      case TEXT_ARRAY:
        return arrayProblem(v);
      default:
        throw new IllegalStateException("unhandled type " + c.type());
    }
  }

  private static String textProblem(Column c, Object v) {
    if (!(v instanceof String s)) {
      return "must be a string";
    }
    String p = TextRules.problem(s);
    if (p != null) {
      return p;
    }
    if (!c.values().isEmpty() && !c.values().contains(s)) {
      return "must be one of " + c.values() + ", not \"" + s + "\"";
    }
    if ("bcrypt".equals(c.format()) && !BCRYPT_RE.matcher(s).matches()) {
      return "must be a bcrypt hash (a PIN is never accepted in clear)";
    }
    return null;
  }

  private static String arrayProblem(Object v) {
    List<?> list = v instanceof JsonArray ja ? ja.getList() : v instanceof List<?> l ? l : null;
    if (list == null) {
      return "must be an array of strings";
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        return "must be an array of strings (element " + i + " is not a string)";
      }
      String p = TextRules.problem(s);
      if (p != null) {
        return "element " + i + " " + p;
      }
    }
    return null;
  }

  /** Null when {@code v} is a UUID in canonical text, else what is wrong. */
  public static String uuidProblem(Object v) {
    return v instanceof String s && isUuid(s) ? null : UUID_PROBLEM;
  }

  /** 8-4-4-4-12 hex digits, either case (what the regex would say, without a regex per value). */
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

  // ---- numbers: Vert.x parses JSON integers to Integer, Long or BigInteger, and fractions to Double (1e400 to
  // Infinity, so a non-finite Double is a JSON number beyond any double); BigDecimal only comes from code.

  private static boolean fitsInt(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return true;
    }
    if (v instanceof Long l) {
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
    }
    BigInteger b = wholeBig(v);
    return b != null && b.bitLength() < 32;
  }

  /** A whole number under the column's least value, as its CHECK constraint would refuse it. */
  private static String belowMin(Column c, Object v) {
    return c.min() != null && ((Number) v).longValue() < c.min() ? "must be " + c.min() + " or more" : null;
  }

  private static boolean fitsLong(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return true;
    }
    BigInteger b = wholeBig(v);
    return b != null && b.bitLength() < 64;
  }

  /** A BigInteger, or a BigDecimal without a fraction, as a BigInteger; else null (a Double is never whole here). */
  private static BigInteger wholeBig(Object v) {
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof BigDecimal d) {
      BigDecimal s = d.stripTrailingZeros();
      // A huge exponent (1E+1000000000) would take long to expand: anything past 20 digits is out of range anyway.
      return s.scale() <= 0 && s.precision() - s.scale() <= 20 ? s.toBigIntegerExact() : null;
    }
    return null;
  }

  private static String decimalProblem(Column c, Object v) {
    BigDecimal d;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      d = BigDecimal.valueOf(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      if (!Double.isFinite(x)) {
        return NOT_FINITE;
      }
      d = BigDecimal.valueOf(x); // the shortest text that reads back as x: what JSON said, to a double's precision
    } else if (v instanceof BigInteger b) {
      d = new BigDecimal(b);
    } else if (v instanceof BigDecimal b) {
      d = b;
    } else {
      return "must be a number";
    }
    int scale = c.scale();
    int integerDigits = c.precision() - scale;
    if (d.signum() == 0) {
      return null;
    }
    d = d.stripTrailingZeros();
    if (d.scale() > scale) {
      return "must have at most " + scale + " decimal places (numeric(" + c.precision() + "," + scale + "))";
    }
    if (d.precision() - d.scale() > integerDigits) {
      String max = "9".repeat(integerDigits) + (scale > 0 ? "." + "9".repeat(scale) : "");
      return "must be between -" + max + " and " + max + " (numeric(" + c.precision() + "," + scale + "))";
    }
    return null;
  }

  // ---- dates and times -------------------------------------------------------------------------------------

  /** The date of {@code yyyy-mm-dd} with a year 0001..9999, else null. */
  public static LocalDate date(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int y = digits(s, 0, 4);
    int m = digits(s, 5, 7);
    int d = digits(s, 8, 10);
    if (y < 1 || m < 0 || d < 0) {
      return null;
    }
    try {
      return LocalDate.of(y, m, d);
    } catch (DateTimeException e) {
      return null; // month 13, February 30: rare, so an exception is cheap enough
    }
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** The time PostgreSQL stores unchanged (microseconds at most), else null. */
  public static LocalTime time(String s) {
    try {
      LocalTime t = LocalTime.parse(s);
      return t.getNano() % 1000 == 0 ? t : null;
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The timestamp PostgreSQL stores unchanged and gives back in any session time zone, else null. */
  public static OffsetDateTime timestamp(String s) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(s);
      if (t.getNano() % 1000 != 0 || Math.abs(t.getOffset().getTotalSeconds()) > MAX_OFFSET_SECONDS) {
        return null;
      }
      Instant i = t.toInstant();
      return i.isBefore(MIN_INSTANT) || i.isAfter(MAX_INSTANT) ? null : t;
    } catch (DateTimeException e) {
      return null;
    }
  }

  // ---- free-form JSON (transactions) and names ---------------------------------------------------------------

  /**
   * Null when every string and key inside {@code v} is valid text and every number finite, else the path to the
   * first bad value (relative: {@code .items[2].name}, empty for {@code v} itself) and what is wrong, as
   * {@code ".items[2].name: must not contain ..."}. Linear in the size of {@code v}; builds strings only on a problem.
   */
  public static String jsonProblem(Object v) {
    if (v instanceof String s) {
      String p = TextRules.problem(s);
      return p == null ? null : ": " + p;
    }
    if (v instanceof Double || v instanceof Float) {
      return Double.isFinite(((Number) v).doubleValue()) ? null : ": " + NOT_FINITE;
    }
    if (v instanceof JsonObject o) {
      v = o.getMap();
    } else if (v instanceof JsonArray a) {
      v = a.getList();
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        String p = TextRules.problem(key);
        if (p != null) {
          return ": a key " + p;
        }
        p = jsonProblem(e.getValue());
        if (p != null) {
          return "." + key + p;
        }
      }
    } else if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        String p = jsonProblem(l.get(i));
        if (p != null) {
          return "[" + i + "]" + p;
        }
      }
    }
    return null;
  }

  /**
   * The check of a service host's name ({@code POST /api/admin/service-hosts} {@code name}, {@code register-host
   * --name}): a string of 1 to {@value #MAX_NAME_LENGTH} characters, not blank, without control characters, NUL or
   * unpaired surrogates. Returns the name; throws {@link ValidationException} naming {@code field} (an option such as
   * {@code --name} is said as one).
   */
  public static String checkName(String field, Object name) {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new ValidationException(said(field) + " " + problem, field);
    }
    return (String) name;
  }

  /**
   * The UUID in canonical text {@code v}, else {@link ValidationException} naming {@code field}: where a UUID arrives
   * from outside (a path, a body field, an option), instead of the lenient {@code UUID.fromString}.
   */
  public static java.util.UUID uuid(String field, Object v) {
    if (uuidProblem(v) != null) {
      throw new ValidationException(said(field) + " " + UUID_PROBLEM, field);
    }
    return java.util.UUID.fromString((String) v);
  }

  private static String said(String field) {
    return field.startsWith("-") ? "option " + field : "field \"" + field + "\"";
  }

  static String nameProblem(Object name) {
    if (!(name instanceof String s) || s.isBlank()) {
      return "must be a non-blank string";
    }
    String p = TextRules.problem(s);
    if (p != null) {
      return p;
    }
    if (s.codePointCount(0, s.length()) > MAX_NAME_LENGTH) {
      return "must be at most " + MAX_NAME_LENGTH + " characters";
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return "must not contain control characters (such as a line break)";
      }
    }
    return null;
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
    if (c.min() != null && c.type() != ColumnType.INT && c.type() != ColumnType.BIGINT) {
      throw new IllegalStateException(name + " is " + c.type() + ": only a whole-number column has a \"min\"");
    }
  }
}
