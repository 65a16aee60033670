package io.possync.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value rules, table-driven: each value as the cloud's JSON parser hands it over, accepted or refused. */
class ValueRulesTest {

  static Column column(ColumnType type, Integer precision, Integer scale) {
    return new Column("c", "c", type, false, null, false, List.of(), null, precision, scale);
  }

  /** What Vert.x makes of a JSON value text: 1e400 is Infinity, 1.50 a Double, 2^64 a BigInteger. */
  static Object json(String raw) {
    return new JsonObject("{\"v\":" + raw + "}").getValue("v");
  }

  record Row(ColumnType type, String raw, boolean ok) {
  }

  static final List<Row> TABLE = List.of(
      new Row(ColumnType.UUID, "\"0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e40\"", true),
      new Row(ColumnType.UUID, "\"0B9E4C6A-3F1D-4C1E-9A53-7D2F6C1B8E40\"", true),
      new Row(ColumnType.UUID, "\"1-1-1-1-1\"", false),
      new Row(ColumnType.UUID, "\"{0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e40}\"", false),
      new Row(ColumnType.UUID, "\"0b9e4c6a3f1d4c1e9a537d2f6c1b8e40\"", false),
      new Row(ColumnType.UUID, "\"0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e4\"", false),
      new Row(ColumnType.UUID, "\"0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e400\"", false),
      new Row(ColumnType.TEXT, "\"caf\\u00e9 \\ud83d\\ude00\"", true),
      new Row(ColumnType.TEXT, "\"a\\u0000b\"", false),
      new Row(ColumnType.TEXT, "\"a\\ud800\"", false),
      new Row(ColumnType.TEXT, "\"\\udc00a\"", false),
      new Row(ColumnType.INT, "2147483647", true),
      new Row(ColumnType.INT, "-2147483648", true),
      new Row(ColumnType.INT, "2147483648", false),
      new Row(ColumnType.INT, "1e10", false),
      new Row(ColumnType.INT, "1.0", false),
      new Row(ColumnType.INT, "99999999999999999999", false),
      new Row(ColumnType.BIGINT, "9223372036854775807", true),
      new Row(ColumnType.BIGINT, "-9223372036854775808", true),
      new Row(ColumnType.BIGINT, "9223372036854775808", false),
      new Row(ColumnType.BIGINT, "1e400", false),
      new Row(ColumnType.BIGINT, "0.5", false),
      new Row(ColumnType.DECIMAL, "99999.9999", true),
      new Row(ColumnType.DECIMAL, "-99999.9999", true),
      new Row(ColumnType.DECIMAL, "0.0825", true),
      new Row(ColumnType.DECIMAL, "1.50000", true),
      new Row(ColumnType.DECIMAL, "12", true),
      new Row(ColumnType.DECIMAL, "0", true),
      new Row(ColumnType.DECIMAL, "100000", false),
      new Row(ColumnType.DECIMAL, "1e10", false),
      new Row(ColumnType.DECIMAL, "99999.99995", false),
      new Row(ColumnType.DECIMAL, "0.00001", false),
      new Row(ColumnType.DECIMAL, "1e400", false),
      new Row(ColumnType.DECIMAL, "-1e400", false),
      new Row(ColumnType.DECIMAL, "\"1.5\"", false),
      new Row(ColumnType.DATE, "\"9999-12-31\"", true),
      new Row(ColumnType.DATE, "\"0001-01-01\"", true),
      new Row(ColumnType.DATE, "\"2028-02-29\"", true),
      new Row(ColumnType.DATE, "\"2026-02-29\"", false),
      new Row(ColumnType.DATE, "\"10000-01-01\"", false),
      new Row(ColumnType.DATE, "\"+10000-01-01\"", false),
      new Row(ColumnType.DATE, "\"0000-12-31\"", false),
      new Row(ColumnType.DATE, "\"2026-13-01\"", false),
      new Row(ColumnType.DATE, "\"2026-1-01\"", false),
      new Row(ColumnType.TIME, "\"23:59:59.999999\"", true),
      new Row(ColumnType.TIME, "\"00:00:00\"", true),
      new Row(ColumnType.TIME, "\"04:00\"", true),
      new Row(ColumnType.TIME, "\"12:00:00.1234560\"", true),
      new Row(ColumnType.TIME, "\"23:59:59.999999999\"", false),
      new Row(ColumnType.TIME, "\"23:59:59.9999995\"", false),
      new Row(ColumnType.TIME, "\"24:00:00\"", false),
      new Row(ColumnType.TIME, "\"25:00\"", false),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00+00:00\"", true),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00.123456Z\"", true),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00+15:59\"", true),
      new Row(ColumnType.TIMESTAMPTZ, "\"9999-12-30T23:59:59.999999Z\"", true),
      new Row(ColumnType.TIMESTAMPTZ, "\"0001-01-02T00:00:00Z\"", true),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00+16:00\"", false),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00.0000001Z\"", false),
      new Row(ColumnType.TIMESTAMPTZ, "\"9999-12-31T23:59:59-05:00\"", false),
      new Row(ColumnType.TIMESTAMPTZ, "\"+275760-09-13T00:00:00Z\"", false),
      new Row(ColumnType.TIMESTAMPTZ, "\"2026-11-24T08:00:00\"", false),
      new Row(ColumnType.TEXT_ARRAY, "[\"a\", \"\\ud83d\\ude00\", \"\"]", true),
      new Row(ColumnType.TEXT_ARRAY, "[]", true),
      new Row(ColumnType.TEXT_ARRAY, "[\"a\", 1]", false),
      new Row(ColumnType.TEXT_ARRAY, "[\"a\\u0000\"]", false),
      new Row(ColumnType.TEXT_ARRAY, "[null]", false),
      new Row(ColumnType.BOOL, "true", true),
      new Row(ColumnType.BOOL, "\"true\"", false));

  @Test
  void eachValueAsTheTableSays() {
    for (Row r : TABLE) {
      Column c = r.type() == ColumnType.DECIMAL ? column(r.type(), 9, 4) : column(r.type(), null, null);
      String problem = ValueRules.problem(c, json(r.raw()));
      if (r.ok()) {
        assertNull(problem, r.type() + " " + r.raw());
      } else {
        assertNotNull(problem, r.type() + " " + r.raw() + " was accepted");
      }
    }
  }

  @Test
  void numbersMadeInCodeFollowTheSameRanges() {
    Column decimal = column(ColumnType.DECIMAL, 9, 4);
    assertNull(ValueRules.problem(decimal, new BigDecimal("1.2300000")));
    assertNotNull(ValueRules.problem(decimal, new BigDecimal("1E+5")));
    assertNotNull(ValueRules.problem(decimal, Double.NaN));
    assertNotNull(ValueRules.problem(decimal, Float.POSITIVE_INFINITY));
    assertNull(ValueRules.problem(column(ColumnType.BIGINT, null, null), new BigDecimal("12.000")));
    assertNotNull(ValueRules.problem(column(ColumnType.BIGINT, null, null), new BigDecimal("1E+19")));
    assertNotNull(ValueRules.problem(column(ColumnType.BIGINT, null, null), new BigDecimal("1E+1000000000")));
    assertNotNull(ValueRules.problem(column(ColumnType.INT, null, null), BigInteger.ONE.shiftLeft(31)));
    assertNull(ValueRules.problem(column(ColumnType.INT, null, null), BigInteger.ONE.shiftLeft(31).negate()));
  }

  @Test
  void jsonProblemNamesThePathToTheFirstBadValue() {
    assertNull(ValueRules.jsonProblem(new JsonObject("{\"a\":[1,2.5,\"x\\ud83d\\ude00\",{\"b\":null}],\"c\":true}")));
    assertEquals(".a[2].b: must not contain a NUL character (\\u0000)",
        ValueRules.jsonProblem(new JsonObject("{\"a\":[1,2,{\"b\":\"x\\u0000\"}]}")));
    assertTrue(ValueRules.jsonProblem(new JsonObject("{\"a\":{\"n\":1e400}}")).startsWith(".a.n: must be a finite"));
    assertTrue(ValueRules.jsonProblem(new JsonObject("{\"a\":{\"k\\ud800\":1}}")).startsWith(".a: a key must not"));
    assertNotNull(ValueRules.jsonProblem(new JsonArray().add(Double.NaN)));
  }

  @Test
  void aServiceHostNameIsShortPrintableText() {
    ValueRules.checkName("name", "Front of house \ud83d\ude00");
    for (Object bad : new Object[] {null, "", "   ", "a\u0000b", "a\ud800", "line\nbreak", "x".repeat(101), 42}) {
      ValidationException e = assertThrows(ValidationException.class, () -> ValueRules.checkName("name", bad),
          String.valueOf(bad));
      assertEquals("name", e.field());
    }
    ValueRules.checkName("name", "\ud83d\ude00".repeat(100)); // characters, not UTF-16 units
    assertTrue(assertThrows(ValidationException.class, () -> ValueRules.checkName("--name", "a\nb")).getMessage()
        .startsWith("option --name must not contain control"));
  }

  @Test
  void aUuidFromOutsideIsCanonicalText() {
    assertEquals(java.util.UUID.fromString("0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e40"),
        ValueRules.uuid("id", "0B9E4C6A-3F1D-4C1E-9A53-7D2F6C1B8E40"));
    for (Object bad : new Object[] {"1-1-1-1-1", "{0b9e4c6a-3f1d-4c1e-9a53-7d2f6c1b8e40}", null, 7}) {
      assertEquals("propertyId", assertThrows(ValidationException.class, () -> ValueRules.uuid("propertyId", bad))
          .field());
    }
  }

  @Test
  void aDecimalColumnStatesItsPrecisionAndScaleAndNoOtherDoes() {
    String entity = "{\"entities\":[{\"table\":\"t\",\"key\":\"t\",\"tier\":1,\"scope\":\"global\",\"columns\":["
        + "{\"name\":\"id\",\"type\":\"uuid\"},%s]}]}";
    ValueRules.checkColumn("t", column(ColumnType.DECIMAL, 9, 4));
    ValueRules.checkColumn("t", column(ColumnType.TEXT, null, null));
    for (String bad : List.of("{\"name\":\"p\",\"type\":\"decimal\"}",
        "{\"name\":\"p\",\"type\":\"decimal\",\"precision\":4,\"scale\":9}",
        "{\"name\":\"p\",\"type\":\"int\",\"precision\":9,\"scale\":0}")) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Catalog.parse(new JsonObject(String.format(entity, bad))), bad);
      assertTrue(e.getMessage().contains("t.p"), e.getMessage());
    }
  }
}
