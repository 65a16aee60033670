package io.possync.host.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.auth.DeviceTokens;
import io.possync.support.PosFixture;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workstation API over real HTTP on the host's controllers and a real cache file: the money of POS-API.md
 * section 4 in worked examples (each total derived by hand in its comment), and the refusals of sections 1 and 3.
 * The configuration is a generated property plus a small menu with known prices and rates.
 */
class PosApiTest {

  static PosFixture fx;
  static String workstation;
  static String server;   // a session of an employee without void privileges
  static String manager;  // a session of an employee with them

  static final String EXCL = id(1);
  static final String INCL = id(2);
  static final String FOOD = id(10);
  static final String BAR = id(11);
  static final String BURGER = id(20);
  static final String FRIES = id(21);
  static final String WINE = id(22);
  static final String TEMP = id(30);
  static final String EXTRAS = id(31);
  static final String RARE = id(40);
  static final String WELL = id(41);
  static final String BACON = id(42);
  static final String CHEESE = id(43);
  static final String TEN_PCT_ITEM = id(50);
  static final String TWO_OFF_ITEM = id(51);
  static final String FIVE_OFF_CHECK = id(52);
  static final String COMP = id(53);
  static final String AUTO_GRAT = id(60);
  static final String DELIVERY = id(61);
  static final String CASH = id(70);

  static String id(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }

  static void put(String table, String id, JsonObject row) {
    fx.table(table).put(id, row.put("id", id).put("propertyId", fx.propertyId));
  }

  @BeforeAll
  static void setUp() throws Exception {
    fx = new PosFixture(4);
    put("rvcs", EXCL, new JsonObject().put("name", "Dining").put("code", "T1").put("orderTypes",
        new JsonArray().add("dine_in").add("takeout")).put("defaultOrderType", "dine_in").put("domMode", "off")
        .put("taxInclusive", false).put("active", true));
    put("rvcs", INCL, new JsonObject().put("name", "Bar").put("code", "T2").put("orderTypes",
        new JsonArray().add("dine_in")).put("defaultOrderType", "dine_in").put("domMode", "off")
        .put("taxInclusive", true).put("active", true));
    put("tax_groups", FOOD, new JsonObject().put("name", "Food").put("ratePercent", 10).put("active", true));
    put("tax_groups", BAR, new JsonObject().put("name", "Alcohol").put("ratePercent", 20).put("active", true));
    put("menu_items", BURGER, item("Burger", 1299, FOOD));
    put("menu_items", FRIES, item("Fries", 450, FOOD));
    put("menu_items", WINE, item("House Red", 900, BAR));
    put("modifier_groups", TEMP, new JsonObject().put("name", "Temperature").put("minSelect", 1).put("maxSelect", 1)
        .put("sortOrder", 1).put("active", true));
    put("modifier_groups", EXTRAS, new JsonObject().put("name", "Extras").put("minSelect", 0).put("maxSelect", 2)
        .put("sortOrder", 2).put("active", true));
    put("modifiers", RARE, modifier("Rare", 0));
    put("modifiers", WELL, modifier("Well", 0));
    put("modifiers", BACON, modifier("Bacon", 150));
    put("modifiers", CHEESE, modifier("Cheese", 100));
    link(id(80), TEMP, RARE);
    link(id(81), TEMP, WELL);
    link(id(82), EXTRAS, BACON);
    link(id(83), EXTRAS, CHEESE);
    put("menu_item_modifier_groups", id(90), new JsonObject().put("menuItemId", BURGER).put("modifierGroupId", TEMP)
        .put("sortOrder", 1));
    put("menu_item_modifier_groups", id(91), new JsonObject().put("menuItemId", BURGER)
        .put("modifierGroupId", EXTRAS).put("sortOrder", 2));
    put("discounts", TEN_PCT_ITEM, discount("10% off", "item", 10, null, null));
    put("discounts", TWO_OFF_ITEM, discount("$2 off", "item", null, 200L, null));
    put("discounts", FIVE_OFF_CHECK, discount("$5 off check", "check", null, 500L, "apply_discount"));
    put("discounts", COMP, discount("Comp", "item", 100, null, "comp_item"));
    put("service_charges", AUTO_GRAT, new JsonObject().put("name", "Auto Gratuity 18%").put("percent", 18)
        .put("autoApplyMinGuests", 6).put("isGratuity", true).put("taxable", false).put("active", true));
    put("service_charges", DELIVERY, new JsonObject().put("name", "Delivery").put("amountCents", 399)
        .put("isGratuity", false).put("taxable", true).put("taxGroupId", FOOD).put("active", true));
    // only these service charges apply by themselves
    fx.table("service_charges").values().removeIf(s -> !s.getString("id").equals(AUTO_GRAT)
        && !s.getString("id").equals(DELIVERY));
    put("tenders", CASH, new JsonObject().put("code", "CASH2").put("name", "Cash").put("tenderType", "cash")
        .put("opensDrawer", true).put("allowsTip", false).put("usesProcessor", false).put("active", true));
    fx.publish(2);
    fx.start();
    workstation = fx.ids("workstations").get(0);
    server = fx.signIn(workstation, employee(false));
    manager = fx.signIn(workstation, employee(true));
  }

  static String employee(boolean voids) {
    return fx.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .filter(e -> fx.config().privileges(e.getString("roleId")).contains("void_item") == voids)
        .filter(e -> !voids || fx.config().privileges(e.getString("roleId")).contains("comp_item"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
  }

  static JsonObject item(String name, long price, String tax) {
    return new JsonObject().put("name", name).put("kitchenName", name.toUpperCase()).put("priceCents", price)
        .put("taxGroupId", tax).put("sortOrder", 1).put("active", true)
        .put("sluId", fx.ids("slus").get(0)).put("printClassId", fx.ids("print_classes").get(0));
  }

  static JsonObject modifier(String name, long price) {
    return new JsonObject().put("name", name).put("kitchenName", name.toUpperCase()).put("priceCents", price)
        .put("active", true);
  }

  static void link(String id, String group, String modifier) {
    put("modifier_group_modifiers", id, new JsonObject().put("modifierGroupId", group).put("modifierId", modifier)
        .put("sortOrder", 1).put("isDefault", false));
  }

  static JsonObject discount(String name, String on, Integer percent, Long amount, String privilege) {
    return new JsonObject().put("name", name).put("appliesTo", on).put("percent", percent).put("amountCents", amount)
        .put("requiredPrivilege", privilege).put("active", true);
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  record Res(int status, JsonObject body, MultiMap headers) {
  }

  static Res call(HttpMethod method, String path, String token, JsonObject body, String... headers) {
    var req = fx.http().request(method, path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      req.putHeader(headers[i], headers[i + 1]);
    }
    HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body)).await();
    String text = r.bodyAsString();
    return new Res(r.statusCode(), text == null || text.isEmpty() ? new JsonObject() : new JsonObject(text),
        r.headers());
  }

  static JsonObject ok(Res r) {
    assertTrue(r.status() < 300, r.status() + " " + r.body());
    return r.body();
  }

  static String open(String session, String rvc, int guests) {
    return ok(call(HttpMethod.POST, "/api/pos/checks", session, new JsonObject().put("rvcId", rvc)
        .put("guestCount", guests))).getString("id");
  }

  static JsonObject ring(String session, String check, String item, int qty, String... mods) {
    JsonArray m = new JsonArray();
    for (String x : mods) {
      m.add(x);
    }
    return ok(call(HttpMethod.POST, "/api/pos/checks/" + check + "/lines", session, new JsonObject()
        .put("menuItemId", item).put("quantity", qty).put("modifierIds", m)));
  }

  static JsonObject post(String session, String check, String what, JsonObject body) {
    return ok(call(HttpMethod.POST, "/api/pos/checks/" + check + "/" + what, session, body));
  }

  static String lineOf(JsonObject check, String item) {
    for (Object o : check.getJsonArray("lines")) {
      JsonObject l = (JsonObject) o;
      if (l.getString("menuItemId").equals(item)) {
        return l.getString("id");
      }
    }
    throw new AssertionError("no line of " + item);
  }

  // ---- money, worked examples ----

  @Test
  void exclusiveRevenueCenterTaxesOnTop() {
    // burger rare + bacon, 2 x (1299 + 150) = 2898; fries 450; subtotal 3348
    // food tax 10%: 334.8 -> 335; total 3348 + 335 = 3683
    String c = open(server, EXCL, 2);
    ring(server, c, BURGER, 2, RARE, BACON);
    JsonObject check = ring(server, c, FRIES, 1);
    assertEquals(3348, check.getLong("subtotalCents"));
    assertEquals(335, check.getLong("taxTotalCents"));
    assertEquals(3683, check.getLong("totalCents"));
  }

  @Test
  void inclusiveRevenueCenterShowsTaxInsideThePrice() {
    // house red 900 with 20% included: 900 * 20 / 120 = 150 of tax inside; total stays 900
    String c = open(server, INCL, 1);
    JsonObject check = ring(server, c, WINE, 1);
    assertEquals(150, check.getLong("taxTotalCents"));
    assertEquals(900, check.getLong("totalCents"));
  }

  @Test
  void itemPercentAndAmountDiscounts() {
    // burger rare 1299 with 10% off: 129.9 -> 130; fries 450 with $2 off: min(200, 450) = 200
    // subtotal 1749, discounts 330, net 1419; food tax 10%: 141.9 -> 142; total 1419 + 142 = 1561
    String c = open(server, EXCL, 2);
    String burger = lineOf(ring(server, c, BURGER, 1, RARE), BURGER);
    String fries = lineOf(ring(server, c, FRIES, 1), FRIES);
    post(server, c, "discounts", new JsonObject().put("discountId", TEN_PCT_ITEM).put("lineId", burger));
    JsonObject check = post(server, c, "discounts", new JsonObject().put("discountId", TWO_OFF_ITEM)
        .put("lineId", fries));
    assertEquals(330, check.getLong("discountTotalCents"));
    assertEquals(142, check.getLong("taxTotalCents"));
    assertEquals(1561, check.getLong("totalCents"));
  }

  @Test
  void checkDiscountIsSpreadOverTwoTaxGroupsWithARemainder() {
    // burger rare 1299 (food 10%) + house red 900 (alcohol 20%), subtotal 2199; $5 off the check
    // shares of 500 by 1299/900 of 2199: 295.36 and 204.64 -> floors 295 + 204 = 499, one cent left;
    // remainders 649500 mod 2199 = 795 and 450000 mod 2199 = 1404 -> the wine takes it: 295 and 205
    // food tax on 1299 - 295 = 1004: 100.4 -> 100; alcohol tax on 900 - 205 = 695: 139
    // total 2199 - 500 + 239 = 1938
    String c = open(manager, EXCL, 2);
    ring(manager, c, BURGER, 1, RARE);
    ring(manager, c, WINE, 1);
    JsonObject check = post(manager, c, "discounts", new JsonObject().put("discountId", FIVE_OFF_CHECK));
    Map<String, Long> tax = new java.util.HashMap<>();
    check.getJsonArray("taxes").forEach(t -> tax.put(((JsonObject) t).getString("taxGroupId"),
        ((JsonObject) t).getLong("amountCents")));
    assertEquals(100, tax.get(FOOD));
    assertEquals(139, tax.get(BAR));
    assertEquals(1938, check.getLong("totalCents"));
  }

  @Test
  void autoGratuityAppearsAtItsGuestCount() {
    // five guests: no gratuity. Six: 18% of the net 1299 = 233.82 -> 234 (untaxed);
    // food tax 129.9 -> 130; total 1299 + 234 + 130 = 1663
    String five = open(server, EXCL, 5);
    assertEquals(0, ring(server, five, BURGER, 1, RARE).getJsonArray("serviceCharges").size());
    String six = open(server, EXCL, 6);
    JsonObject check = ring(server, six, BURGER, 1, RARE);
    assertEquals(1, check.getJsonArray("serviceCharges").size());
    assertTrue(check.getJsonArray("serviceCharges").getJsonObject(0).getBoolean("auto"));
    assertEquals(234, check.getLong("serviceChargeTotalCents"));
    assertEquals(1663, check.getLong("totalCents"));
  }

  @Test
  void aTaxableServiceChargeIsTaxedInItsGroup() {
    // fries 450 + delivery 399 taxed as food: tax on 849 = 84.9 -> 85; total 450 + 399 + 85 = 934
    String c = open(server, EXCL, 2);
    ring(server, c, FRIES, 1);
    JsonObject check = post(server, c, "service-charges", new JsonObject().put("serviceChargeId", DELIVERY));
    assertEquals(85, check.getLong("taxTotalCents"));
    assertEquals(934, check.getLong("totalCents"));
  }

  @Test
  void cashOverTheBalanceGivesChangeAndTheCheckCloses() {
    // total 3683 (the first example); 4000 cash: nothing due, 317 change
    String c = open(server, EXCL, 2);
    ring(server, c, BURGER, 2, RARE, BACON);
    ring(server, c, FRIES, 1);
    Res early = call(HttpMethod.POST, "/api/pos/checks/" + c + "/close", server, null);
    assertEquals(409, early.status(), early.body().encode());
    JsonObject paid = post(server, c, "payments", new JsonObject().put("tenderId", CASH).put("amountCents", 4000));
    assertEquals(0, paid.getLong("balanceDueCents"));
    assertEquals(317, paid.getLong("changeDueCents"));
    JsonObject closed = post(server, c, "close", new JsonObject());
    assertEquals("closed", closed.getString("status"));
    Res again = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, new JsonObject()
        .put("menuItemId", FRIES));
    assertEquals(409, again.status());
    assertEquals("check_closed", again.body().getString("error"));
  }

  // ---- refusals ----

  @Test
  void modifierGroupLimitsAreEnforcedNamingTheGroup() {
    String c = open(server, EXCL, 2);
    Res none = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, new JsonObject()
        .put("menuItemId", BURGER));
    assertEquals(400, none.status());
    assertEquals("modifier_rule", none.body().getString("error"));
    assertEquals(TEMP, none.body().getString("modifierGroupId"));
    Res three = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, new JsonObject()
        .put("menuItemId", BURGER).put("modifierIds", new JsonArray().add(RARE).add(BACON).add(CHEESE).add(BACON)));
    assertEquals(400, three.status());
    assertEquals(EXTRAS, three.body().getString("modifierGroupId"));
  }

  @Test
  void privilegeGatedCallsNameTheMissingPrivilege() {
    String c = open(server, EXCL, 2);
    String line = lineOf(ring(server, c, BURGER, 1, RARE), BURGER);
    Res voidLine = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines/" + line + "/void", server,
        new JsonObject().put("reason", "wrong item"));
    assertEquals(403, voidLine.status());
    assertEquals("missing_privilege", voidLine.body().getString("error"));
    assertEquals("void_item", voidLine.body().getString("privilege"));
    assertEquals("void_check", call(HttpMethod.POST, "/api/pos/checks/" + c + "/void", server,
        new JsonObject().put("reason", "walked")).body().getString("privilege"));
    assertEquals("comp_item", call(HttpMethod.POST, "/api/pos/checks/" + c + "/discounts", server,
        new JsonObject().put("discountId", COMP).put("lineId", line)).body().getString("privilege"));
    assertEquals("voided", post(manager, c, "lines/" + line + "/void", new JsonObject().put("reason", "wrong"))
        .getJsonArray("lines").getJsonObject(0).getString("status"));
  }

  @Test
  void wrongPinsLockTheWorkstationAndEveryWrongCaseLooksTheSame() {
    String ws = fx.ids("workstations").get(1);
    String device = fx.deviceToken(ws, DeviceTokens.WORKSTATION);
    Res unknown = call(HttpMethod.POST, "/api/pos/sessions", device, new JsonObject().put("employeeNumber", "0000")
        .put("pin", "0000"));
    assertEquals(401, unknown.status());
    assertEquals("invalid_credentials", unknown.body().getString("error"));
    String number = employee(false);
    for (int i = 0; i < 4; i++) {
      Res r = call(HttpMethod.POST, "/api/pos/sessions", device, new JsonObject().put("employeeNumber", number)
          .put("pin", "9999"));
      assertEquals(i == 3 ? 429 : 401, r.status(), "attempt " + (i + 2));
      if (i == 3) {
        assertEquals("too_many_attempts", r.body().getString("error"));
        assertNotNull(r.headers().get("Retry-After"));
      }
    }
  }

  @Test
  void forgedExpiredAndOtherPropertysDeviceTokensAreRefused() {
    String ws = fx.ids("workstations").get(2);
    JsonObject body = new JsonObject().put("employeeNumber", employee(false)).put("pin", "0000");
    DeviceTokens.SigningKey other = DeviceTokens.newKey();
    String foreign = DeviceTokens.issue(fx.vertx, other, fx.propertyId, ws, DeviceTokens.WORKSTATION,
        Instant.now().plusSeconds(60), Instant.now());
    String expired = DeviceTokens.issue(fx.vertx, fx.key, fx.propertyId, ws, DeviceTokens.WORKSTATION,
        Instant.now().minusSeconds(60), Instant.now().minusSeconds(3600));
    String otherProperty = DeviceTokens.issue(fx.vertx, fx.key, id(999), ws, DeviceTokens.WORKSTATION,
        Instant.now().plusSeconds(60), Instant.now());
    String good = fx.deviceToken(ws, DeviceTokens.WORKSTATION);
    String forged = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (String t : new String[] {foreign, expired, otherProperty, forged, "nonsense"}) {
      Res r = call(HttpMethod.POST, "/api/pos/sessions", t, body);
      assertEquals(401, r.status());
      assertEquals("invalid_token", r.body().getString("error"));
    }
  }

  @Test
  void aPriceChangedMidCheckLeavesRungLinesAlone() {
    String c = open(server, EXCL, 2);
    ring(server, c, FRIES, 1);
    fx.table("menu_items").get(FRIES).put("priceCents", 500);
    fx.publish(3);
    JsonObject check = ring(server, c, FRIES, 1);
    assertEquals(450, check.getJsonArray("lines").getJsonObject(0).getLong("unitPriceCents"));
    assertEquals(500, check.getJsonArray("lines").getJsonObject(1).getLong("unitPriceCents"));
    fx.table("menu_items").get(FRIES).put("priceCents", 450);
    fx.publish(4);
  }

  @Test
  void anIdempotencyKeyRepeatChangesNothing() {
    String c = open(server, EXCL, 2);
    JsonObject line = new JsonObject().put("menuItemId", FRIES);
    Res first = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, line, "Idempotency-Key", "k-1");
    Res again = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, line, "Idempotency-Key", "k-1");
    assertEquals(201, again.status());
    assertEquals(first.body(), again.body());
    assertEquals(1, ok(call(HttpMethod.GET, "/api/pos/checks/" + c, server, null)).getJsonArray("lines").size());
    Res other = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, line.copy().put("quantity", 2),
        "Idempotency-Key", "k-1");
    assertEquals(422, other.status());
    assertEquals("idempotency_key_reused", other.body().getString("error"));
    Res stale = call(HttpMethod.POST, "/api/pos/checks/" + c + "/lines", server, line, "If-Match", "1");
    assertEquals(412, stale.status());
  }

  @Test
  void aDeactivatedEmployeesSessionEndsWhenTheConfigIsApplied() throws Exception {
    String ws = fx.ids("workstations").get(3);
    String number = fx.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().skip(3).findFirst().orElseThrow();
    String session = fx.signIn(ws, number);
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    io.vertx.core.http.ClientWebSocket sock = fx.sockets.webSocket();
    sock.textMessageHandler(t -> frames.add(new JsonObject(t)));
    java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
    sock.closeHandler(v -> closed.complete(sock.closeStatusCode()));
    sock.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.port())
        .setURI("/ws/pos?access_token=" + session)).await();
    assertEquals(200, call(HttpMethod.GET, "/api/pos/checks?status=open", session, null).status());
    JsonObject employee = fx.table("employees").values().stream()
        .filter(e -> number.equals(e.getString("employeeNumber"))).findFirst().orElseThrow();
    employee.put("active", false);
    fx.publish(10);
    JsonObject frame;
    do {
      frame = frames.poll(5, TimeUnit.SECONDS);
      assertNotNull(frame, "a session:revoked frame");
    } while (!"session:revoked".equals(frame.getString("type")));
    assertEquals(employee.getString("id"), frame.getString("employeeId"));
    assertEquals((short) 1008, closed.get(5, TimeUnit.SECONDS), "its socket is closed as well");
    Res after = call(HttpMethod.GET, "/api/pos/checks?status=open", session, null);
    assertEquals(401, after.status());
    assertEquals("session_revoked", after.body().getString("error"));
    employee.put("active", true);
    fx.publish(11);
  }

  @Test
  void signingOutClosesTheSessionsSocket() throws Exception {
    String session = fx.signIn(fx.ids("workstations").get(2), employee(false));
    io.vertx.core.http.ClientWebSocket sock = fx.sockets.webSocket();
    java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
    sock.closeHandler(v -> closed.complete(sock.closeStatusCode()));
    sock.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.port())
        .setURI("/ws/pos?access_token=" + session)).await();
    assertEquals(204, call(HttpMethod.DELETE, "/api/pos/sessions/current", session, null).status());
    assertEquals((short) 1008, closed.get(5, TimeUnit.SECONDS));
    assertEquals(401, call(HttpMethod.GET, "/api/pos/checks?status=open", session, null).status());
  }
}
