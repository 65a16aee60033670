package io.possync.cloud.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.PropertyImport;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Scope;
import io.possync.core.catalog.ValidationException;
import io.possync.support.TestCloud;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No admin write crosses a property, walked over every entity type of the catalog: for each type, a row that property
 * Y sees and property X does not is written and deleted through X (as it is, and re-owned to X with its references
 * pointed at X's rows), and moved to X through Y. Every attempt is refused (404: not X's; 409: a row never moves;
 * 403: a global row is not written through one property) and every table and the change log stay as they were.
 * X and Y are in the same enterprise, and in two enterprises.
 */
class CrossPropertyWriteTest {

  static final Catalog CATALOG = Catalog.get();
  static final long SEED = 7_2026L;
  static final PropertyGenerator.Size SMALL = new PropertyGenerator.Size(40, 20, 6, 60, 8, 4, 4);

  static TestCloud cloud;
  static UUID alpha;
  static UUID beta;
  static UUID gamma;
  static JsonObject betaFile;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(CrossPropertyWriteTest.class, null);
    alpha = TestCloud.propertyId(cloud.importProperty("Cross Alpha"));
    betaFile = cloud.importProperty("Cross Beta"); // same enterprise as alpha
    beta = TestCloud.propertyId(betaFile);
    JsonObject g = inOtherEnterprise(new PropertyGenerator("Cross Gamma", SMALL).generate(), "Gamma Group");
    new PropertyImport(CATALOG).run(cloud.pool(), g, null).await();
    gamma = TestCloud.propertyId(g);
    for (UUID p : List.of(alpha, beta, gamma)) { // each property's device signing key, made by its first token
      String ws = cloud.pool().query("SELECT id::text FROM workstations WHERE active AND property_id = '" + p
          + "' ORDER BY id LIMIT 1").execute().await().iterator().next().getString(0);
      assertEquals(201, cloud.admin("POST", "/api/admin/properties/" + p + "/device-tokens",
          new JsonObject().put("deviceId", ws)).statusCode());
    }
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  /** Moves a generated file to an enterprise of its own, with its own loyalty program and members. */
  static JsonObject inOtherEnterprise(JsonObject f, String name) {
    String e = UUID.nameUUIDFromBytes(("enterprise:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    Map<String, String> renamed = new LinkedHashMap<>();
    f.getJsonObject("enterprise").put("id", e).put("name", name).put("code", "GG");
    f.getJsonObject("property").put("enterpriseId", e);
    for (String key : List.of("giftCards", "loyaltyPrograms", "loyaltyEnrollments")) {
      for (Object o : f.getJsonArray(key)) {
        JsonObject row = (JsonObject) o;
        row.put("enterpriseId", e);
        String id = row.getString("id");
        String fresh = UUID.nameUUIDFromBytes((name + ":" + id).getBytes(StandardCharsets.UTF_8)).toString();
        renamed.put(id, fresh);
        row.put("id", fresh);
        if (row.getString("programId") != null) {
          row.put("programId", renamed.get(row.getString("programId")));
        }
      }
    }
    return f;
  }

  static String path(UUID property, EntityType e) {
    return "/api/admin/properties/" + property + "/" + e.table();
  }

  static JsonArray visible(UUID property, EntityType e) {
    HttpResponse<String> r = cloud.admin("GET", path(property, e), null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body());
  }

  static Set<String> ids(JsonArray rows) {
    Set<String> s = new TreeSet<>();
    rows.forEach(o -> s.add(((JsonObject) o).getString("id")));
    return s;
  }

  static UUID enterpriseOf(UUID property) {
    return cloud.pool().query("SELECT enterprise_id FROM properties WHERE id = '" + property + "'").execute().await()
        .iterator().next().getUUID(0);
  }

  /** Every table's rows, the change log and the version counters, hashed (one statement). */
  static String fingerprint() {
    StringBuilder sql = new StringBuilder("SELECT string_agg(x, ' ' ORDER BY x) FROM (");
    for (EntityType e : CATALOG.entities()) {
      sql.append("SELECT '").append(e.table()).append("=' || count(*) || '/' || coalesce(sum(hashtext(t::text)), 0) x")
          .append(" FROM ").append(e.table()).append(" t UNION ALL ");
    }
    sql.append("SELECT 'log=' || count(*) || '/' || coalesce(sum(hashtext(c::text)), 0) FROM config_versions c")
        .append(" UNION ALL SELECT 'versions=' || string_agg(property_id || ':' || version || ':' || min_delta_version,")
        .append(" ',' ORDER BY property_id) FROM property_versions) f");
    return cloud.pool().query(sql.toString()).execute().await().iterator().next().getString(0);
  }

  /**
   * The row as property {@code to} would claim it: its property and enterprise columns naming {@code to} (the id
   * column excepted), and every reference pointing at a row {@code to} sees, so that only ownership can refuse it.
   */
  static JsonObject reowned(EntityType e, JsonObject row, UUID to, Random random) {
    JsonObject out = row.copy();
    if (e.propertyColumn() != null && !e.propertyColumn().equals("id") && row.getValue(field(e, e.propertyColumn())) != null) {
      out.put(field(e, e.propertyColumn()), to.toString());
    }
    if (e.enterpriseColumn() != null && !e.enterpriseColumn().equals("id")) {
      out.put(field(e, e.enterpriseColumn()), enterpriseOf(to).toString());
    }
    for (Column c : e.columns()) {
      if (c.ref() == null || out.getValue(c.field()) == null || c == e.byName().get(e.propertyColumn())
          || c == e.byName().get(e.enterpriseColumn())) {
        continue;
      }
      EntityType target = CATALOG.table(c.ref());
      List<String> theirs = new ArrayList<>(ids(visible(to, target)));
      if (!theirs.contains(out.getString(c.field()))) {
        out.put(c.field(), theirs.isEmpty() ? null : theirs.get(random.nextInt(theirs.size())));
      }
    }
    return out;
  }

  static String field(EntityType e, String column) {
    return e.column(column).field();
  }

  static void refused(HttpResponse<String> r, Set<Integer> allowed, String what) {
    assertTrue(allowed.contains(r.statusCode()), what + ": answered " + r.statusCode() + " " + r.body()
        + " (seed " + SEED + ")");
    JsonObject body = new JsonObject(r.body());
    assertTrue(body.getString("error") != null && body.getString("message") != null, what + ": " + r.body());
  }

  @Test
  void noWriteThroughOnePropertyReachesAnotherPropertysRows() {
    Random random = new Random(SEED);
    Set<String> covered = new TreeSet<>();
    List<UUID[]> pairs = List.of(new UUID[] {alpha, beta}, new UUID[] {beta, alpha}, new UUID[] {alpha, gamma},
        new UUID[] {gamma, alpha});
    for (UUID[] pair : pairs) {
      UUID x = pair[0];
      UUID y = pair[1];
      for (EntityType e : CATALOG.entities()) {
        String before = fingerprint();
        JsonArray theirs = visible(y, e);
        Set<String> mine = ids(visible(x, e));
        List<JsonObject> candidates = new ArrayList<>();
        theirs.forEach(o -> {
          if (!mine.contains(((JsonObject) o).getString("id"))) {
            candidates.add((JsonObject) o);
          }
        });
        String what = e.table() + " of " + y + " through " + x;
        if (e.scope() == Scope.GLOBAL) {
          JsonObject row = theirs.getJsonObject(random.nextInt(theirs.size()));
          String url = path(x, e) + "/" + row.getString("id");
          refused(cloud.admin("PUT", url, row.copy().put(e.columns().get(1).field(), "Changed")), Set.of(403),
              "PUT global " + what);
          refused(cloud.admin("DELETE", url, null), Set.of(403), "DELETE global " + what);
          covered.add(e.table());
        } else if (!candidates.isEmpty()) {
          JsonObject row = candidates.get(random.nextInt(candidates.size()));
          String url = path(x, e) + "/" + row.getString("id");
          refused(cloud.admin("PUT", url, row), Set.of(400, 404), "PUT as is " + what);
          refused(cloud.admin("PUT", url, reowned(e, row, x, random)), Set.of(404), "PUT re-owned " + what);
          refused(cloud.admin("DELETE", url, null), Set.of(404), "DELETE " + what);
          JsonObject moved = reowned(e, row, x, random);
          if (!moved.equals(row) && !e.single()) {
            // Through its own property: a row never moves to another property or enterprise.
            refused(cloud.admin("PUT", path(y, e) + "/" + row.getString("id"), moved), Set.of(409),
                "PUT moving " + e.table() + " of " + y + " to " + x);
          }
          covered.add(e.table());
        }
        assertEquals(before, fingerprint(), what + ": nothing may change (seed " + SEED + ")");
      }
    }
    Set<String> all = new TreeSet<>();
    CATALOG.entities().forEach(e -> all.add(e.table()));
    assertEquals(all, covered, "every entity type was tried");
  }

  /**
   * The same walk through import: a property file that lists another property's (or enterprise's) row as its own,
   * re-owned and pointing at its own rows, is refused whole.
   */
  @Test
  void noImportMovesAnotherPropertysRows() {
    Random random = new Random(SEED);
    PropertyImport importer = new PropertyImport(CATALOG);
    Set<String> covered = new TreeSet<>();
    Map<UUID, String> names = Map.of(alpha, "Cross Alpha", beta, "Cross Beta");
    List<UUID[]> pairs = List.of(new UUID[] {alpha, beta}, new UUID[] {beta, alpha}, new UUID[] {alpha, gamma});
    for (UUID[] pair : pairs) {
      UUID x = pair[0];
      UUID y = pair[1];
      for (EntityType e : CATALOG.entities()) {
        if (e.isRoot() || e.ownerColumns().isEmpty()) {
          continue;
        }
        Set<String> mine = ids(visible(x, e));
        List<JsonObject> candidates = new ArrayList<>();
        visible(y, e).forEach(o -> {
          if (!mine.contains(((JsonObject) o).getString("id"))) {
            candidates.add((JsonObject) o);
          }
        });
        if (candidates.isEmpty()) {
          continue;
        }
        String before = fingerprint();
        JsonObject file = new PropertyGenerator(names.get(x), SMALL).generate();
        JsonObject row = reowned(e, candidates.get(random.nextInt(candidates.size())), x, random);
        if (!file.containsKey(e.key())) {
          file.put(e.key(), new JsonArray()); // device signing keys: made in the cloud, in no generated file
        }
        file.getJsonArray(e.key()).add(row);
        String what = "import of " + x + " listing " + e.table() + " " + row.getString("id") + " of " + y;
        ValidationException err = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
            () -> importer.run(cloud.pool(), file, null).await(), what + " (seed " + SEED + ")");
        assertTrue(err.getMessage().contains("another property"), what + ": " + err.getMessage());
        assertEquals(before, fingerprint(), what + ": nothing may change (seed " + SEED + ")");
        covered.add(e.table());
      }
    }
    Set<String> owned = new TreeSet<>();
    CATALOG.entities().stream().filter(e -> !e.isRoot() && !e.ownerColumns().isEmpty())
        .forEach(e -> owned.add(e.table()));
    assertEquals(owned, covered, "every entity type with an owner was tried");
  }

  /**
   * The import's upsert statement itself never re-owns a stored row (so a row another writer inserted for another
   * owner after the import's check is not moved either): run on another property's row claimed for X, in a
   * transaction that is rolled back, the stored owner stays.
   */
  @Test
  void theImportUpsertNeverReownsAStoredRow() {
    Random random = new Random(SEED);
    io.possync.cloud.store.CatalogSql sql = new io.possync.cloud.store.CatalogSql(CATALOG);
    Set<String> covered = new TreeSet<>();
    for (UUID[] pair : List.of(new UUID[] {alpha, beta}, new UUID[] {alpha, gamma})) {
      UUID x = pair[0];
      for (EntityType e : CATALOG.entities()) {
        if (e.isRoot() || e.ownerColumns().isEmpty()) {
          continue;
        }
        Set<String> mine = ids(visible(x, e));
        JsonObject theirs = null;
        for (Object o : visible(pair[1], e)) {
          if (!mine.contains(((JsonObject) o).getString("id"))) {
            theirs = (JsonObject) o;
            break;
          }
        }
        if (theirs == null) {
          continue;
        }
        JsonObject row = reowned(e, theirs, x, random);
        String owner = "SELECT " + String.join(" || ',' || ", e.ownerColumns().stream()
            .map(c -> "coalesce(" + c.name() + "::text, '-')").toList()) + " FROM " + e.table() + " WHERE id = $1";
        String what = e.table() + " " + row.getString("id") + " claimed for " + x + " (seed " + SEED + ")";
        var conn = cloud.pool().getConnection().await();
        try {
          var tx = conn.begin().await();
          io.vertx.sqlclient.Tuple id = io.vertx.sqlclient.Tuple.of(UUID.fromString(row.getString("id")));
          String before = conn.preparedQuery(owner).execute(id).await().iterator().next().getString(0);
          conn.preparedQuery(sql.upsert(e)).execute(io.vertx.sqlclient.Tuple.of(new JsonArray()
              .add(io.possync.core.catalog.RowConverter.toColumns(e, row)).encode())).await();
          String after = conn.preparedQuery(owner).execute(id).await().iterator().next().getString(0);
          tx.rollback().await();
          assertEquals(before, after, what + ": the stored owner stays");
        } finally {
          conn.close().await();
        }
        covered.add(e.table());
      }
    }
    Set<String> owned = new TreeSet<>();
    CATALOG.entities().stream().filter(e -> !e.isRoot() && !e.ownerColumns().isEmpty())
        .forEach(e -> owned.add(e.table()));
    assertEquals(owned, covered, "every entity type with an owner was tried");
  }

  @Test
  void aWriteNamingAnotherPropertysEmployeeIs400() {
    String before = fingerprint();
    String theirEmployee = betaFile.getJsonArray("employees").getJsonObject(0).getString("id");
    EntityType items = CATALOG.table("menu_items");
    JsonObject item = visible(alpha, items).getJsonObject(0);
    String url = path(alpha, items) + "/" + item.getString("id");
    refused(cloud.admin("PUT", url, item.copy().put("name", "Renamed"), AdminRoutes.CHANGED_BY_HEADER, theirEmployee),
        Set.of(400), "PUT naming beta's employee");
    refused(cloud.admin("DELETE", url, null, AdminRoutes.CHANGED_BY_HEADER, theirEmployee), Set.of(400),
        "DELETE naming beta's employee");
    assertEquals(before, fingerprint());
  }

  @Test
  void aPropertyStillWritesItsOwnAndItsEnterprisesRows() {
    EntityType programs = CATALOG.table("loyalty_programs");
    JsonObject shared = visible(alpha, programs).getJsonObject(0);
    assertTrue(ids(visible(beta, programs)).contains(shared.getString("id")), "alpha and beta share the program");
    HttpResponse<String> r = cloud.admin("PUT", path(beta, programs) + "/" + shared.getString("id"),
        shared.copy().put("name", "Harbor Rewards Plus"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("Harbor Rewards Plus", visible(alpha, programs).getJsonObject(0).getString("name"));
  }
}
