package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.auth.DeviceTokens;
import io.possync.core.caps.Actor;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.Posting;
import io.possync.core.caps.Requests;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.support.TestCloud;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud side of POS-API.md sections 1 and 7 over real HTTP and PostgreSQL: device tokens issued by the admin API
 * and verified as a host verifies them (with the public key of the full sync), the private key never leaving the
 * cloud, and checks posted by a host queryable once as checks and sales.
 */
class PosAdminApiTest {

  static TestCloud cloud;
  static Vertx vertx;
  static JsonObject northFile;
  static UUID north;
  static UUID south;
  static ServiceHostRegistry.Registration northHost;
  static ServiceHostRegistry.Registration southHost;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(PosAdminApiTest.class, null);
    vertx = Vertx.vertx();
    northFile = cloud.importProperty("Pos North");
    north = TestCloud.propertyId(northFile);
    south = TestCloud.propertyId(cloud.importProperty("Pos South"));
    northHost = cloud.register(north, "North office");
    southHost = cloud.register(south, "South office");
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
    cloud.close();
  }

  static String first(String sql) {
    try (Connection c = cloud.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String device(String table, UUID property, int index) {
    return first("SELECT id FROM " + table + " WHERE property_id = '" + property + "' AND active ORDER BY id OFFSET "
        + index + " LIMIT 1");
  }

  static HttpResponse<String> issue(UUID property, String deviceId) {
    return cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", deviceId));
  }

  static JsonObject full(ServiceHostRegistry.Registration host) {
    HttpResponse<String> r = cloud.get("/api/sync/config/full", host.token());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /** The configuration as a host holds it, from a full sync payload. */
  static PosConfig config(JsonObject payload) {
    Map<String, Map<String, JsonObject>> tables = new HashMap<>();
    for (EntityType e : Catalog.get().entities()) {
      Map<String, JsonObject> rows = new HashMap<>();
      Object v = payload.getValue(e.key());
      if (v instanceof JsonObject o) {
        rows.put(o.getString("id"), o);
      } else if (v instanceof JsonArray a) {
        a.forEach(x -> rows.put(((JsonObject) x).getString("id"), (JsonObject) x));
      }
      tables.put(e.table(), rows);
    }
    return new PosConfig(payload.getInteger("version"), t -> tables.getOrDefault(t, Map.of()));
  }

  /** The base64 body of a PEM, without line breaks: what would show if it leaked in any encoding of JSON. */
  static List<String> pemLines(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).toList();
  }

  @Test
  void aTokenIssuedByTheApiVerifiesWithTheSyncedPublicKeyAndThePrivateKeyNeverLeaves() {
    int v0 = cloud.version(north);
    assertEquals("0", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + north + "'"));
    String ws = device("workstations", north, 0);
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> r = issue(north, ws);
    assertEquals(201, r.statusCode(), r.body());
    JsonObject t = new JsonObject(r.body());
    assertEquals(ws, t.getString("deviceId"));
    assertEquals("workstation", t.getString("deviceType"));
    Instant expires = Instant.parse(t.getString("expiresAt"));
    assertTrue(!expires.isBefore(before.plus(Duration.ofDays(365))) && expires.isBefore(Instant.now().plus(
        Duration.ofDays(366))), "a device token lives 365 days: " + expires);
    assertEquals("1", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + north + "'"));
    String privatePem = first("SELECT private_key FROM device_signing_keys WHERE property_id = '" + north + "'");
    assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(cloud.version(north) > v0, "the new key is a config change");

    // The host's view: the full sync carries the public half, and verifies the token with it.
    JsonObject payload = full(northHost);
    JsonArray keys = payload.getJsonArray("deviceSigningKeys");
    assertEquals(1, keys.size(), payload.encode().length() + " bytes");
    assertEquals(Set.of("id", "propertyId", "publicKey", "active"), keys.getJsonObject(0).fieldNames());
    PosConfig config = config(payload);
    DeviceTokens.Claims c = new DeviceTokens.Verifier(vertx, north.toString(), config.deviceKeys())
        .verify(t.getString("token")).await();
    assertEquals(ws, c.deviceId());
    assertEquals(DeviceTokens.WORKSTATION, c.deviceType());
    assertEquals(expires, c.expiresAt());

    // A KDS display of the same property: the same key signs.
    String kds = device("kds_devices", north, 0);
    HttpResponse<String> k = issue(north, kds);
    assertEquals(201, k.statusCode(), k.body());
    assertEquals("kds", new JsonObject(k.body()).getString("deviceType"));
    assertEquals("1", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + north + "'"));
    assertEquals(DeviceTokens.KDS, new DeviceTokens.Verifier(vertx, north.toString(), config.deviceKeys())
        .verify(new JsonObject(k.body()).getString("token")).await().deviceType());

    // Another property's verifier (its own key) refuses the token.
    assertEquals(201, issue(south, device("workstations", south, 0)).statusCode());
    PosConfig southConfig = config(full(southHost));
    assertTrue(awaitFails(southConfig, t.getString("token")), "another property's token");

    // The private half appears nowhere a key row is read.
    List<String> secrets = pemLines(privatePem);
    HttpResponse<String> delta = cloud.get("/api/sync/config/delta?since=" + v0, northHost.token());
    assertEquals(200, delta.statusCode(), delta.body());
    assertTrue(delta.body().contains("device_signing_keys"), delta.body());
    String keyId = keys.getJsonObject(0).getString("id");
    HttpResponse<String> list = cloud.admin("GET", "/api/admin/properties/" + north + "/device_signing_keys", null);
    HttpResponse<String> one = cloud.admin("GET", "/api/admin/properties/" + north + "/device_signing_keys/" + keyId,
        null);
    assertEquals(200, list.statusCode(), list.body());
    assertEquals(200, one.statusCode(), one.body());
    assertTrue(one.body().contains(keyId));
    String export = new io.possync.cloud.store.SnapshotQuery(Catalog.get()).read(cloud.pool(), north).await()
        .orElseThrow().toPayload(Catalog.get(), Instant.now()).toString();
    for (String[] place : new String[][] {{"full sync", payload.encode()}, {"delta", delta.body()},
        {"admin list", list.body()}, {"admin get", one.body()}, {"export", export},
        {"token answer", r.body()}}) {
      assertFalse(place[1].contains("privateKey") || place[1].contains("private_key"), place[0]);
      for (String s : secrets) {
        assertFalse(place[1].contains(s) || place[1].replace("\\n", "").contains(s), place[0] + " leaks the key");
      }
    }
  }

  private static boolean awaitFails(PosConfig config, String token) {
    try {
      new DeviceTokens.Verifier(vertx, config.property().orElseThrow().id(), config.deviceKeys()).verify(token).await();
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  @Test
  void aKeyImportedFromAFileVerifiesButNeverSignsAndTheNextIssueMakesOneThatDoes() {
    UUID moved = TestCloud.propertyId(cloud.importProperty("Pos Moved"));
    String ws = device("workstations", moved, 0);
    HttpResponse<String> old = issue(moved, ws);
    assertEquals(201, old.statusCode(), old.body());
    // The property moves to another cloud: its export carries the public half only (a fresh cloud is simulated by
    // deleting the key before importing the export back).
    JsonObject export = new io.possync.cloud.store.SnapshotQuery(Catalog.get()).read(cloud.pool(), moved).await()
        .orElseThrow().toJson(Catalog.get(), Instant.now());
    assertEquals(1, export.getJsonArray("deviceSigningKeys").size());
    cloud.sql("DELETE FROM device_signing_keys WHERE property_id = '" + moved + "'");
    new io.possync.cloud.store.PropertyImport(Catalog.get()).run(cloud.pool(), export, null).await();
    assertEquals("1", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + moved
        + "' AND private_key IS NULL AND active"));

    HttpResponse<String> fresh = issue(moved, ws);
    assertEquals(201, fresh.statusCode(), fresh.body());
    assertEquals("2", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + moved + "'"));
    PosConfig config = config(full(cloud.register(moved, "Moved office")));
    assertEquals(2, config.deviceKeys().size());
    DeviceTokens.Verifier v = new DeviceTokens.Verifier(vertx, moved.toString(), config.deviceKeys());
    assertEquals(ws, v.verify(new JsonObject(old.body()).getString("token")).await().deviceId(),
        "a token of the imported key still verifies");
    assertEquals(ws, v.verify(new JsonObject(fresh.body()).getString("token")).await().deviceId());
  }

  @Test
  void aDeviceThatIsNotAnActiveDeviceOfThePropertyIs404AndBadInput400() {
    HttpResponse<String> other = issue(north, device("workstations", south, 1));
    assertEquals(404, other.statusCode(), other.body());
    assertEquals("not_found", new JsonObject(other.body()).getString("error"));
    assertEquals(404, issue(north, UUID.randomUUID().toString()).statusCode());
    assertEquals(404, issue(north, device("printers", north, 0)).statusCode(), "a printer is no device");
    String ws = device("workstations", north, 2);
    cloud.sql("UPDATE workstations SET active = false WHERE id = '" + ws + "'");
    assertEquals(404, issue(north, ws).statusCode(), "an inactive workstation gets no token");
    cloud.sql("UPDATE workstations SET active = true WHERE id = '" + ws + "'");

    HttpResponse<String> bad = issue(north, "pizza");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("deviceId", new JsonObject(bad.body()).getString("field"));
    HttpResponse<String> none = cloud.admin("POST", "/api/admin/properties/" + north + "/device-tokens",
        new JsonObject());
    assertEquals(400, none.statusCode(), none.body());
    assertEquals("deviceId", new JsonObject(none.body()).getString("field"));
    assertEquals(400, cloud.send("POST", "/api/admin/properties/" + north + "/device-tokens", TestCloud.ADMIN_TOKEN,
        "[").statusCode());
    assertEquals(401, cloud.send("POST", "/api/admin/properties/" + north + "/device-tokens", null,
        new JsonObject().put("deviceId", ws).encode()).statusCode());
    assertEquals(401, cloud.send("POST", "/api/admin/properties/" + north + "/device-tokens", northHost.token(),
        new JsonObject().put("deviceId", ws).encode()).statusCode(), "a host token is no admin token");
  }

  @Test
  void twoConcurrentFirstIssuesMakeOneKey() throws Exception {
    UUID race = TestCloud.propertyId(cloud.importProperty("Pos Race"));
    String ws = device("workstations", race, 0);
    String kds = device("kds_devices", race, 0);
    // Hold both issues at the key insert: a signing key of the property inserted and not yet committed makes them
    // find no key, make their own and wait on the unique index; rolled back, the two race for real.
    try (Connection hold = cloud.jdbc()) {
      hold.setAutoCommit(false);
      try (Statement st = hold.createStatement()) {
        st.execute("INSERT INTO device_signing_keys (id, property_id, public_key, private_key, active) VALUES ('"
            + UUID.randomUUID() + "', '" + race + "', 'x', 'y', true)");
      }
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (String d : List.of(ws, kds)) {
        calls.add(cloud.http.sendAsync(HttpRequest.newBuilder(URI.create(cloud.base() + "/api/admin/properties/"
                + race + "/device-tokens")).header("Authorization", "Bearer " + TestCloud.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("deviceId", d).encode())).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!calls.stream().allMatch(CompletableFuture::isDone) && !"2".equals(first("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
          + "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO device_signing_keys%'"))) {
        assertTrue(System.nanoTime() < end, "both issues reach the key insert (or answer)");
        Thread.onSpinWait();
      }
      hold.rollback();
      for (CompletableFuture<HttpResponse<String>> f : calls) {
        HttpResponse<String> r = f.get();
        assertEquals(201, r.statusCode(), r.body());
      }
      assertEquals("1", first("SELECT count(*) FROM device_signing_keys WHERE property_id = '" + race + "'"),
          "one key for the property");
      ServiceHostRegistry.Registration host = cloud.register(race, "Race office");
      PosConfig config = config(full(host));
      assertEquals(1, config.deviceKeys().size());
      for (CompletableFuture<HttpResponse<String>> f : calls) {
        new DeviceTokens.Verifier(vertx, race.toString(), config.deviceKeys())
            .verify(new JsonObject(f.get().body()).getString("token")).await();
      }
    }
  }

  @Test
  void anUploadedCheckIsPostedOnceAndCountsInTheDaysSales() {
    // A food item with no required modifier, priced 10.00 for the worked example.
    String item = first("SELECT m.id FROM menu_items m JOIN tax_groups g ON g.id = m.tax_group_id "
        + "WHERE m.property_id = '" + north + "' AND m.active AND g.name = 'Food' AND NOT EXISTS (SELECT 1 FROM "
        + "menu_item_modifier_groups l JOIN modifier_groups mg ON mg.id = l.modifier_group_id "
        + "WHERE l.menu_item_id = m.id AND mg.min_select > 0) ORDER BY m.id LIMIT 1");
    cloud.sql("UPDATE menu_items SET price_cents = 1000 WHERE id = '" + item + "'");
    PosConfig config = config(full(northHost));
    String dining = id(config, "rvcs", "Dining Room");
    String bar = id(config, "rvcs", "Bar");
    String cash = id(config, "tenders", "Cash");
    String house = id(config, "tenders", "House Account");
    String delivery = id(config, "service_charges", "Delivery Fee");
    assertEquals(id(config, "tax_groups", "Food"), config.serviceCharge(delivery).orElseThrow().taxGroupId(),
        "the sample's delivery fee is taxed as food");
    CheckRules rules = new CheckRules(config, () -> UUID.randomUUID().toString());
    Actor manager = new Actor(UUID.randomUUID().toString(), Set.of(Actor.VOID_CHECK, Actor.VOID_ITEM),
        device("workstations", north, 0));
    Instant now = Instant.now();

    // Check 1, Dining Room: 2 x 10.00 = 2000; delivery fee 399, taxable as food; tax 6.25% of (2000 + 399) =
    // 149.9375 -> 150; total 2000 + 399 + 150 = 2549; cash 3000 gives 451 change.
    Check one = rules.open(manager, new Requests.OpenCheck(dining, null, 2, "T1"), UUID.randomUUID().toString(), 1, now);
    one = rules.addLine(one, new Requests.AddLine(item, 2, List.of()));
    one = rules.addServiceCharge(one, new Requests.AddServiceCharge(delivery));
    one = rules.addLocalPayment(one, new Requests.AddPayment(cash, 3000, 0, null, null), now);
    one = rules.close(one, now);
    assertEquals(2549, one.totals().totalCents());
    assertEquals(451, one.totals().changeDueCents());
    // Check 2, Bar: 1 x 10.00; tax 62.5 -> 63 (half away from zero); total 1063; house account 1063 + 2.00 tip.
    Check two = rules.open(manager, new Requests.OpenCheck(bar, null, 1, null), UUID.randomUUID().toString(), 2, now);
    two = rules.addLine(two, new Requests.AddLine(item, 1, List.of()));
    two = rules.addLocalPayment(two, new Requests.AddPayment(house, 1063, 200, null, null), now);
    two = rules.close(two, now);
    assertEquals(1063, two.totals().totalCents());
    // Check 3, voided: posted, counted apart.
    Check three = rules.open(manager, new Requests.OpenCheck(dining, null, 4, "T9"), UUID.randomUUID().toString(), 3, now);
    three = rules.addLine(three, new Requests.AddLine(item, 3, List.of()));
    three = rules.voidCheck(manager, three, new Requests.Reason("walked out"), now);
    String date = one.businessDate().toString();

    JsonArray batch = new JsonArray().add(Posting.transaction(two)).add(Posting.transaction(one))
        .add(Posting.transaction(three))
        .add(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "clock_in"))
        .add(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", "check")
            .put("check", new JsonObject().put("number", "seven").put("businessDate", date)))
        .add(odd(one, "totalCents", "lots")).add(odd(one, "businessDate", date + "x"))
        .add(odd(one, "payments", new JsonArray().add(1)));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> up = cloud.send("POST", "/api/sync/transactions", northHost.token(),
          new JsonObject().put("transactions", batch).encode());
      assertEquals(200, up.statusCode(), up.body());
      assertEquals(8, new JsonObject(up.body()).getJsonArray("accepted").size(), "stored, never refused: "
          + up.body());
    }
    // A later copy with other content (a host resending an edited check) changes nothing: posted once.
    JsonObject edited = Posting.transaction(one);
    edited.getJsonObject("check").put("totalCents", 1);
    assertEquals(200, cloud.send("POST", "/api/sync/transactions", northHost.token(),
        new JsonObject().put("transactions", new JsonArray().add(edited)).encode()).statusCode());

    HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + north + "/checks?businessDate=" + date,
        null);
    assertEquals(200, r.statusCode(), r.body());
    JsonArray checks = new JsonObject(r.body()).getJsonArray("checks");
    assertEquals(3, checks.size(), "each check once; the odd transactions are not checks: " + r.body());
    assertEquals(List.of(1, 2, 3), checks.stream().map(x -> ((JsonObject) x).getInteger("number")).toList());
    assertEquals(one.toJson(), checks.getJsonObject(0), "the check as posted the first time");
    assertEquals(2549, checks.getJsonObject(0).getInteger("totalCents"));
    assertEquals("voided", checks.getJsonObject(2).getString("status"));

    HttpResponse<String> s = cloud.admin("GET", "/api/admin/properties/" + north + "/sales?businessDate=" + date,
        null);
    assertEquals(200, s.statusCode(), s.body());
    JsonObject sales = new JsonObject(s.body());
    assertEquals(date, sales.getString("businessDate"));
    assertEquals(2, sales.getInteger("checkCount"));
    assertEquals(1, sales.getInteger("voidedCheckCount"));
    assertEquals(3, sales.getInteger("guestCount"));
    assertEquals(3000, sales.getInteger("subtotalCents"));
    assertEquals(399, sales.getInteger("serviceChargeTotalCents"));
    assertEquals(150 + 63, sales.getInteger("taxTotalCents"));
    assertEquals(2549 + 1063, sales.getInteger("totalCents"));
    assertEquals(200, sales.getInteger("tipCents"));
    JsonArray rvcs = sales.getJsonArray("revenueCenters");
    assertEquals(2, rvcs.size(), s.body());
    JsonObject barRow = rvcs.getJsonObject(0);
    JsonObject diningRow = rvcs.getJsonObject(1);
    assertEquals("Bar", barRow.getString("name"));
    assertEquals(bar, barRow.getString("rvcId"));
    assertEquals(1063, barRow.getInteger("totalCents"));
    assertEquals(63, barRow.getInteger("taxTotalCents"));
    assertEquals("Dining Room", diningRow.getString("name"));
    assertEquals(1, diningRow.getInteger("checkCount"), "the voided check counts nowhere");
    assertEquals(2549, diningRow.getInteger("totalCents"));
    assertEquals(399, diningRow.getInteger("serviceChargeTotalCents"));
    JsonArray tenders = sales.getJsonArray("tenders");
    assertEquals(2, tenders.size(), s.body());
    JsonObject cashRow = tenders.getJsonObject(0);
    assertEquals("Cash", cashRow.getString("name"));
    assertEquals(3000, cashRow.getInteger("amountCents"));
    assertEquals(451, cashRow.getInteger("changeCents"));
    assertEquals(2549, cashRow.getInteger("netCents"), "cash kept: tendered less change");
    JsonObject houseRow = tenders.getJsonObject(1);
    assertEquals(house, houseRow.getString("tenderId"));
    assertEquals(1063, houseRow.getInteger("netCents"));
    assertEquals(200, houseRow.getInteger("tipCents"));

    // Another date, another property: nothing.
    JsonObject empty = new JsonObject(cloud.admin("GET", "/api/admin/properties/" + north
        + "/sales?businessDate=2001-01-01", null).body());
    assertEquals(0, empty.getInteger("checkCount"));
    assertEquals(0, empty.getJsonArray("tenders").size());
    assertEquals(0, new JsonObject(cloud.admin("GET", "/api/admin/properties/" + south + "/checks?businessDate="
        + date, null).body()).getJsonArray("checks").size());

    // A later revision of a posted check (a payment stored offline settled after the close) replaces it: still one
    // row, the latest state.
    JsonObject later = Posting.transaction(one);
    later.getJsonObject("check").put("revision", one.revision() + 1).put("totalCents", 2500);
    assertEquals(200, cloud.send("POST", "/api/sync/transactions", northHost.token(),
        new JsonObject().put("transactions", new JsonArray().add(later)).encode()).statusCode());
    JsonArray after = new JsonObject(cloud.admin("GET", "/api/admin/properties/" + north + "/checks?businessDate="
        + date, null).body()).getJsonArray("checks");
    assertEquals(3, after.size(), "still posted once");
    assertEquals(one.revision() + 1, after.getJsonObject(0).getInteger("revision"));
    assertEquals(2500 + 1063, new JsonObject(cloud.admin("GET", "/api/admin/properties/" + north
        + "/sales?businessDate=" + date, null).body()).getInteger("totalCents"), "the sales follow it");
  }

  /** A copy of a check under a new id with one field as no check has it. */
  private static JsonObject odd(Check c, String field, Object value) {
    JsonObject t = Posting.transaction(c);
    String id = UUID.randomUUID().toString();
    t.put("id", id).getJsonObject("check").put("id", id).put("number", 99).put(field, value);
    return t;
  }

  private static String id(PosConfig config, String table, String name) {
    return config.table(table).values().stream().filter(r -> name.equals(r.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + table)).getString("id");
  }

  @Test
  void aBadBusinessDateIs400NamingItAndAnUnknownProperty404() {
    for (String q : List.of("", "?businessDate=", "?businessDate=2026-13-01", "?businessDate=yesterday",
        "?businessDate=-0001-01-01", "?businessDate=2026-02-30")) {
      for (String what : List.of("checks", "sales")) {
        HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + north + "/" + what + q, null);
        assertEquals(400, r.statusCode(), what + q + ": " + r.body());
        JsonObject b = new JsonObject(r.body());
        assertEquals("businessDate", b.getString("field"), r.body());
        assertTrue(b.getString("message").contains("businessDate"), r.body());
      }
    }
    HttpResponse<String> gone = cloud.admin("GET", "/api/admin/properties/" + UUID.randomUUID()
        + "/sales?businessDate=2026-11-24", null);
    assertEquals(404, gone.statusCode(), gone.body());
    assertEquals(400, cloud.admin("GET", "/api/admin/properties/nope/checks?businessDate=2026-11-24", null)
        .statusCode());
    assertEquals(401, cloud.get("/api/admin/properties/" + north + "/checks?businessDate=2026-11-24",
        northHost.token()).statusCode());
  }
}
