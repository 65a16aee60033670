package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.ColumnType;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.FullPayloadValidator;
import io.possync.core.wire.TransactionBatch;
import io.possync.core.wire.Wire;
import io.possync.support.TestCloud;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad values, generated for every column of every entity type of the catalog from a real sample row, through every
 * entry point (admin PUT over HTTP, import, the host's checks of a full payload and of a delta row): each is refused
 * naming the field, never with a 5xx, and nothing is stored. Values at the edges that are accepted come back from
 * PostgreSQL through export as they went in. Transactions: hostile strings and numbers anywhere in one transaction
 * reject that transaction (naming the path) and store the others unchanged.
 */
class BadValuesFuzzTest {

  static final long SEED = Long.getLong("possync.fuzz.seed", 20261126L);
  static final Catalog CATALOG = Catalog.get();
  static final String MARK = "\"@@hostile@@\"";

  static TestCloud cloud;
  static JsonObject file;
  static UUID property;
  static String hostToken;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(BadValuesFuzzTest.class, null);
    file = cloud.importProperty("Fuzz Fjord");
    property = TestCloud.propertyId(file);
    hostToken = cloud.register(property, "fuzz host").token();
    // A device signing key is made in the cloud by the first device token, never by a generated file: the file gets
    // the key's row as hosts sync it, so that entity is walked too.
    String ws = file.getJsonArray("workstations").getJsonObject(0).getString("id");
    org.junit.jupiter.api.Assertions.assertEquals(201, cloud.admin("POST", "/api/admin/properties/" + property
        + "/device-tokens", new JsonObject().put("deviceId", ws)).statusCode());
    file.put("deviceSigningKeys", new JsonObject(cloud.get("/api/sync/config/full", hostToken).body())
        .getJsonArray("deviceSigningKeys"));
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  /** One hostile value: raw JSON text for the wire, and what the cloud's parser makes of it for in-process paths. */
  record Hostile(EntityType type, Column column, String raw) {
    @Override
    public String toString() {
      return type.table() + "." + column.name() + " (" + column.type() + ") = " + raw;
    }
  }

  /** JSON text of a string, escaping every char outside printable ASCII so NULs and lone surrogates survive. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String insertAt(Random rnd, String s, String what) {
    int i = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
    return s.substring(0, i) + what + s.substring(i);
  }

  static JsonObject sample(EntityType e) {
    Object v = file.getValue(e.key());
    JsonObject row = e.single() ? (JsonObject) v : ((JsonArray) v).getJsonObject(0);
    return row.copy();
  }

  /** Values of the column's type that PostgreSQL would refuse, change, or give back in a form a host cannot read. */
  static List<String> hostileRaw(Column c, Object sample, Random rnd) {
    List<String> out = new ArrayList<>();
    String text = sample instanceof String s ? s : "x";
    switch (c.type()) {
      case UUID -> {
        String u = sample instanceof String s ? s : UUID.randomUUID().toString();
        out.add("\"1-1-1-1-1\"");
        out.add(jsonString("{" + u + "}"));
        out.add(jsonString(u.substring(1)));
        out.add(jsonString(u + "0"));
        out.add(jsonString(u.replace("-", "")));
        out.add(jsonString("urn:uuid:" + u));
        out.add(jsonString(u.substring(0, 35) + "\u0000"));
        out.add(jsonString(u.substring(0, 35) + "g"));
        out.add("12345");
      }
      case TEXT -> {
        out.add(jsonString(insertAt(rnd, text, "\u0000")));
        out.add(jsonString(insertAt(rnd, text, "\ud800")));
        out.add(jsonString(insertAt(rnd, text, "\udc00")));
        out.add(jsonString(text + "\ud83d"));
        out.add(jsonString("\ude00" + text));
        out.add("42");
        out.add("[" + jsonString(text) + "]");
      }
      case INT -> out.addAll(List.of("1e10", "2147483648", "-2147483649", "99999999999999999999", "1.5", "1.0",
          "1e400", "-1e400", "\"5\"", "true", String.valueOf(rnd.nextInt(1000) + 0.25)));
      case BIGINT -> out.addAll(List.of("9223372036854775808", "-9223372036854775809", "1e19", "1e400", "-1e400",
          "0.5", "100.0", "\"5\"", "123456789012345678901234567890"));
      case DECIMAL -> out.addAll(List.of("1e10", "100000", "-100000", "99999.99995", "1e400", "-1e400", "0.00001",
          "1.23456", "\"1.5\"", "true", (rnd.nextInt(9000) + 1000) + ".12345"));
      case BOOL -> out.addAll(List.of("\"true\"", "1", "0"));
      case DATE -> out.addAll(List.of("\"10000-01-01\"", "\"+10000-01-01\"", "\"0000-12-31\"", "\"+275760-09-13\"",
          "\"-0001-01-01\"", "\"2026-02-30\"", "\"2026-1-1\"", jsonString("2026-01-01\u0000"),
          "\"2026-01-01T00:00:00\"", "20260101"));
      case TIME -> out.addAll(List.of("\"23:59:59.999999999\"", "\"23:59:59.9999995\"", "\"12:00:00.0000001\"",
          "\"24:00:00\"", "\"25:00\"", "\"4:00\"", "\"12:00:00+01:00\"", jsonString("\u000012:00:00"), "0"));
      case TIMESTAMPTZ -> out.addAll(List.of("\"10000-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"",
          "\"+275760-09-13T00:00:00Z\"", "\"0000-12-31T00:00:00Z\"", "\"9999-12-31T23:59:59-05:00\"",
          "\"0001-01-01T00:00:00+01:00\"", "\"2026-01-01T00:00:00+16:00\"", "\"2026-01-01T00:00:00.0000001Z\"",
          "\"2026-01-01T00:00:00\"", jsonString("2026-01-01T00:00:00Z\u0000"), "1764000000"));
      case TEXT_ARRAY -> out.addAll(List.of("[1]", "[" + jsonString(insertAt(rnd, text, "\u0000")) + "]",
          "[" + jsonString("\ud800") + "]", "[null]", jsonString(text), "[[\"a\"]]", "[1e400]", "{}"));
      default -> fail("a column type the fuzz test does not know: " + c.type() + " (add its hostile values)");
    }
    if (c.min() != null) {
      out.add(String.valueOf(c.min() - 1)); // under the column's least value (its CHECK constraint)
    }
    return out;
  }

  static List<Hostile> cases() {
    Random rnd = new Random(SEED);
    List<Hostile> out = new ArrayList<>();
    for (EntityType e : CATALOG.entities()) {
      JsonObject row = sample(e);
      for (Column c : e.publicColumns()) {
        for (String raw : hostileRaw(c, row.getValue(c.field()), rnd)) {
          out.add(new Hostile(e, c, raw));
        }
      }
    }
    return out;
  }

  static String bodyWith(JsonObject row, Hostile h) {
    return row.copy().put(h.column().field(), "@@hostile@@").encode().replace(MARK, h.raw());
  }

  static long maxVersion() throws Exception {
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM config_versions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void report(List<String> failures, int total) {
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + total + " hostile values were not refused properly (seed " + SEED
          + ", rerun with -Dpossync.fuzz.seed=" + SEED + "):\n  " + String.join("\n  ", failures.subList(0,
          Math.min(60, failures.size()))));
    }
  }

  @Test
  void adminPutRefusesEveryHostileValueNamingTheField() throws Exception {
    List<Hostile> cases = cases();
    long before = maxVersion();
    List<String> failures = new ArrayList<>();
    for (Hostile h : cases) {
      JsonObject row = sample(h.type());
      String url = "/api/admin/properties/" + property + "/" + h.type().table() + "/" + row.getString("id");
      HttpResponse<String> r = cloud.send("PUT", url, TestCloud.ADMIN_TOKEN, bodyWith(row, h));
      String field = null;
      try {
        field = new JsonObject(r.body()).getString(ValidationException.FIELD);
      } catch (RuntimeException notJson) {
        // reported below
      }
      // a global row (privileges) is no one property's to write: refused as such, whatever its values
      boolean global = h.type().scope() == io.possync.core.catalog.Scope.GLOBAL;
      if (global ? r.statusCode() != 403 : r.statusCode() != 400 || !h.column().field().equals(field)) {
        failures.add(h + " -> " + r.statusCode() + " " + abbreviate(r.body()));
      }
    }
    report(failures, cases.size());
    assertEquals(before, maxVersion(), "nothing was stored");
  }

  @Test
  void importAndTheHostsChecksRefuseEveryHostileValueNamingTheField() throws Exception {
    List<Hostile> cases = cases();
    long before = maxVersion();
    List<String> failures = new ArrayList<>();
    PropertyImport importer = new PropertyImport(CATALOG);
    for (Hostile h : cases) {
      JsonObject row = new JsonObject(bodyWith(sample(h.type()), h));
      JsonObject f = smallFile(h, row);
      String field = h.column().field();
      expectRefusal(failures, h + " via import", field, () -> importer.run(cloud.pool(), f, null));
      expectRefusal(failures, h + " via the host's full payload check", field, () -> {
        FullPayloadValidator.check(CATALOG, f);
        return Future.succeededFuture();
      });
      expectRefusal(failures, h + " via the host's delta row check", field, () -> {
        RowValidator.check(h.type(), row, "changes[0] " + h.type().table());
        return Future.succeededFuture();
      });
    }
    report(failures, cases.size() * 3);
    assertEquals(before, maxVersion(), "nothing was stored");
  }

  /** A small property file: the property and the one row (references into absent keys are the database's). */
  static JsonObject smallFile(Hostile h, JsonObject row) {
    EntityType propertyType = CATALOG.table("properties");
    JsonObject f = new JsonObject().put(propertyType.key(), h.type() == propertyType ? row : sample(propertyType));
    if (h.type() != propertyType) {
      f.put(h.type().key(), h.type().single() ? row : new JsonArray().add(row));
    }
    return f;
  }

  @Test
  void theImportCommandExits2WithOneLineNamingTheField() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("possync-fuzz");
    java.nio.file.Path conf = dir.resolve("cloud.json");
    java.nio.file.Files.writeString(conf, new JsonObject().put("postgres", new JsonObject()
        .put("uri", io.possync.support.TestPostgres.uri(cloud.db))).put("dataDir", dir.toString()).encode());
    long before = maxVersion();
    Map<ColumnType, Hostile> onePerType = new LinkedHashMap<>();
    for (Hostile h : cases()) {
      onePerType.putIfAbsent(h.column().type(), h);
    }
    for (Hostile h : onePerType.values()) {
      java.nio.file.Path f = dir.resolve("bad.json");
      java.nio.file.Files.writeString(f, smallFile(h, new JsonObject(bodyWith(sample(h.type()), h))).encode());
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code = io.possync.cli.PossyncCommand.run(new String[] {"import", "--conf", conf.toString(), f.toString()},
          new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
          new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      String said = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
      assertEquals(2, code, h + ": " + said);
      assertTrue(said.contains("\"" + h.column().field() + "\"") && !said.contains("\n"), h + ": " + said);
    }
    assertEquals(before, maxVersion(), "nothing was stored");
  }

  interface Attempt {
    Future<?> run();
  }

  static void expectRefusal(List<String> failures, String what, String field, Attempt attempt) {
    Throwable err = null;
    try {
      attempt.run().toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      err = e.getCause();
    } catch (RuntimeException e) {
      err = e;
    }
    if (!(err instanceof ValidationException v) || !field.equals(v.field())) {
      failures.add(what + " -> " + (err == null ? "accepted" : err.getClass().getSimpleName() + ": "
          + abbreviate(String.valueOf(err.getMessage()))
          + (err instanceof ValidationException v ? " (field " + v.field() + ")" : "")));
    }
  }

  static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Values at the edges of each type that are accepted: PostgreSQL and export give them back as they went in. */
  static Map<ColumnType, List<String>> edges() {
    Map<ColumnType, List<String>> m = new HashMap<>();
    m.put(ColumnType.TEXT, List.of(jsonString("edge \ud83d\ude00 \u00fcn\u00efc\u00f6d\u00e9 \t tab"),
        jsonString("\uffff\u0001 edge")));
    m.put(ColumnType.INT, List.of("2147483647", "-2147483648"));
    m.put(ColumnType.BIGINT, List.of("9223372036854775807", "-9223372036854775808"));
    m.put(ColumnType.DECIMAL, List.of("99999.9999", "-99999.9999"));
    m.put(ColumnType.DATE, List.of("\"9999-12-31\"", "\"0001-01-01\""));
    m.put(ColumnType.TIME, List.of("\"23:59:59.999999\"", "\"00:00:00\""));
    m.put(ColumnType.TIMESTAMPTZ, List.of("\"9999-12-30T23:59:59.999999+00:00\"", "\"0001-01-02T00:00:00+00:00\""));
    m.put(ColumnType.TEXT_ARRAY, List.of("[" + jsonString("\ud83d\ude00") + ",\"\"]", "[]"));
    return m;
  }

  /** An accepted edge value of the column: its type's, or its least value when the catalog gives one. */
  static String edge(Column c, int variant) {
    return c.min() != null && variant == 1 ? String.valueOf(c.min()) : edges().get(c.type()).get(variant);
  }

  static boolean takesEdges(EntityType e, Column c) {
    return c.ref() == null && !c.isId() && c.values().isEmpty() && c.format() == null && edges().containsKey(c.type())
        && !c.name().equals(e.propertyColumn()) && !c.name().equals(e.enterpriseColumn());
  }

  /**
   * Written by an import of the whole property (the admin path writes no global rows), with one row of every entity
   * type holding edge values; the admin API's PUT checks rows with the same {@link RowValidator}.
   */
  @Test
  void valuesAtTheEdgesComeBackThroughPostgresAndExportAsTheyWentIn() throws Exception {
    for (int variant = 0; variant < 2; variant++) {
      Map<String, JsonObject> expected = new LinkedHashMap<>();
      JsonObject edited = file.copy();
      for (EntityType e : CATALOG.entities()) {
        Object rows = edited.getValue(e.key());
        JsonObject row = e.single() ? (JsonObject) rows : ((JsonArray) rows).getJsonObject(0);
        JsonObject edgeFields = new JsonObject();
        for (Column c : e.publicColumns()) {
          if (takesEdges(e, c)) {
            Object v = new JsonObject("{\"v\":" + edge(c, variant) + "}").getValue("v");
            edgeFields.put(c.field(), v);
            row.put(c.field(), v);
          }
        }
        if (!edgeFields.isEmpty()) {
          expected.put(e.table() + "/" + row.getString(Wire.ID), edgeFields);
        }
      }
      new PropertyImport(CATALOG).run(cloud.pool(), edited, null).await();
      JsonObject exported = new SnapshotQuery(CATALOG).read(cloud.pool(), property).await().orElseThrow()
          .toJson(CATALOG, Instant.now());
      FullPayloadValidator.check(CATALOG, exported); // every host accepts what the cloud accepted
      for (EntityType e : CATALOG.entities()) {
        Object v = exported.getValue(e.key());
        for (Object o : e.single() ? List.of(v) : (JsonArray) v) {
          JsonObject row = (JsonObject) o;
          JsonObject want = expected.get(e.table() + "/" + row.getString(Wire.ID));
          if (want == null) {
            continue;
          }
          for (String field : want.fieldNames()) {
            assertEquals(new JsonObject().put("v", want.getValue(field)).encode(),
                new JsonObject().put("v", row.getValue(field)).encode(), e.table() + "." + field + " (variant "
                    + variant + ")");
          }
        }
      }
    }
  }

  @Test
  void catalogPrecisionAndScaleAreTheSchemas() throws Exception {
    Map<String, int[]> schema = new HashMap<>();
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT table_name, column_name, numeric_precision, numeric_scale FROM information_schema.columns "
            + "WHERE table_schema = current_schema() AND data_type = 'numeric'")) {
      while (rs.next()) {
        schema.put(rs.getString(1) + "." + rs.getString(2), new int[] {rs.getInt(3), rs.getInt(4)});
      }
    }
    int decimals = 0;
    for (EntityType e : CATALOG.entities()) {
      for (Column c : e.columns()) {
        String name = e.table() + "." + c.name();
        if (c.type() == ColumnType.DECIMAL) {
          decimals++;
          int[] ps = schema.get(name);
          assertTrue(ps != null, name + " is numeric in the catalog but not in the schema");
          assertEquals(ps[0], c.precision(), name + " precision");
          assertEquals(ps[1], c.scale(), name + " scale");
        } else {
          assertTrue(!schema.containsKey(name), name + " is numeric in the schema but " + c.type() + " in the catalog");
        }
      }
    }
    assertTrue(decimals > 0, "the catalog has decimal columns");
  }

  // ---- transactions -------------------------------------------------------------------------------------------

  static JsonObject transaction(Random rnd) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("checkNumber", rnd.nextInt(10_000))
        .put("businessDate", "2026-11-26")
        .put("guest", "Tab \ud83d\ude00 " + rnd.nextInt(100))
        .put("items", new JsonArray()
            .add(new JsonObject().put("name", "Chowder").put("priceCents", 1250).put("qty", 2)
                .put("modifiers", new JsonArray().add("no bacon").add("extra \u00e7r\u00e8me")))
            .add(new JsonObject().put("name", "Lager").put("priceCents", 700).put("qty", 1)))
        .put("taxRate", 0.0825)
        .put("payments", new JsonArray().add(new JsonObject().put("tender", "cash").put("amount", 3200)));
  }

  /** Every path to a string value, a key or a number inside the transaction, with the raw JSON that replaces it. */
  static List<String[]> transactionHostiles(JsonObject tx, Random rnd) {
    List<String[]> out = new ArrayList<>();
    for (String bad : List.of("\"1-1-1-1-1\"", jsonString("{" + tx.getString("id") + "}"),
        jsonString(tx.getString("id").substring(1)), jsonString(tx.getString("id") + "a"),
        jsonString(tx.getString("id").substring(0, 35) + "\u0000"), "42", "null")) {
      out.add(new String[] {"id", bad});
    }
    for (String path : List.of("guest", "items[0].name", "items[0].modifiers[1]", "payments[0].tender",
        "businessDate")) {
      out.add(new String[] {path, jsonString(insertAt(rnd, "sample", "\u0000"))});
      out.add(new String[] {path, jsonString(insertAt(rnd, "sample", "\ud800"))});
      out.add(new String[] {path, jsonString("sample\udc00")});
    }
    for (String path : List.of("checkNumber", "taxRate", "items[1].priceCents", "payments[0].amount")) {
      out.add(new String[] {path, "1e400"});
      out.add(new String[] {path, "-1e400"});
    }
    return out;
  }

  static String withValueAt(JsonObject tx, String path, String raw) {
    JsonObject copy = tx.copy();
    Object parent = copy;
    String[] steps = path.replace("]", "").replace("[", ".").split("\\.");
    for (int i = 0; i < steps.length - 1; i++) {
      parent = parent instanceof JsonObject o ? o.getValue(steps[i]) : ((JsonArray) parent).getValue(
          Integer.parseInt(steps[i]));
    }
    String last = steps[steps.length - 1];
    if (parent instanceof JsonObject o) {
      o.put(last, "@@hostile@@");
    } else {
      ((JsonArray) parent).set(Integer.parseInt(last), "@@hostile@@");
    }
    return copy.encode().replace(MARK, raw);
  }

  @Test
  void aHostileTransactionIsRejectedNamingThePathAndTheOthersAreStoredUnchanged() throws Exception {
    Random rnd = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int total = 0;
    JsonObject template = transaction(rnd);
    List<String[]> hostiles = transactionHostiles(template, rnd);
    // A key with a NUL or a lone surrogate is as bad as such a value.
    hostiles.add(new String[] {"", null});
    for (String[] h : hostiles) {
      total++;
      JsonObject good1 = transaction(rnd);
      JsonObject good2 = transaction(rnd);
      JsonObject bad = transaction(rnd);
      String badText = h[1] == null
          ? bad.encode().replace("\"guest\"", jsonString("gu\u0000est"))
          : withValueAt(bad, h[0], h[1]);
      String expectedPath = h[1] == null ? "transactions[1]" : "transactions[1]." + h[0];
      String body = "{\"" + TransactionBatch.TRANSACTIONS + "\":[" + good1.encode() + "," + badText + ","
          + good2.encode() + "]}";
      HttpResponse<String> r = cloud.send("POST", "/api/sync/transactions", hostToken, body);
      String what = "transaction with " + (h[1] == null ? "a NUL in a key" : h[0] + " = " + h[1]);
      if (r.statusCode() != 200) {
        failures.add(what + " -> " + r.statusCode() + " " + abbreviate(r.body()));
        continue;
      }
      TransactionBatch.Result result = TransactionBatch.Result.fromJson(new JsonObject(r.body()));
      if (!result.accepted().equals(List.of(good1.getString("id"), good2.getString("id")))
          || result.rejected().size() != 1 || !result.rejected().get(0).reason().startsWith(expectedPath)) {
        failures.add(what + " -> " + abbreviate(r.body()));
        continue;
      }
      if (!stored(good1).equals(good1) || !stored(good2).equals(good2)) {
        failures.add(what + ": a good transaction of the batch was stored changed");
      }
      if (!h[0].equals("id") && !stored(bad).isEmpty()) {
        failures.add(what + ": the rejected transaction was stored");
      }
    }
    report(failures, total);
  }

  static JsonObject stored(JsonObject tx) throws Exception {
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT payload::text FROM offline_transactions WHERE id = '" + tx.getString("id") + "'")) {
      return rs.next() ? new JsonObject(rs.getString(1)) : new JsonObject();
    }
  }

  @Test
  void aBatchThatIsNotABatchIs400AndStoresNothing() throws Exception {
    for (String body : List.of("{\"transactions\":{}}", "{\"transactions\":[1]}", "{\"transactions\":[null]}",
        "{}")) {
      HttpResponse<String> r = cloud.send("POST", "/api/sync/transactions", hostToken, body);
      assertEquals(400, r.statusCode(), body + ": " + r.body());
      assertEquals(TransactionBatch.TRANSACTIONS, new JsonObject(r.body()).getString(ValidationException.FIELD)
          .replaceAll("\\[.*", ""), body);
    }
  }
}
