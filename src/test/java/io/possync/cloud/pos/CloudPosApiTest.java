package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.caps.PosConfig;
import io.possync.support.PosClient;
import io.possync.support.TestCloud;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GREEN mode's workstation API on two cloud nodes over one database (POS-API.md section 8): a device token and a PIN
 * sign in against the cloud's own data, a session made on one node works on the other, a check is rung there from
 * open to close and posted once, and two workstations writing one check at one revision on two nodes: one wins, the
 * other gets 412.
 */
class CloudPosApiTest {

  static TestCloud a;
  static TestCloud b;
  static UUID property;
  static JsonObject file;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    a = TestCloud.start(CloudPosApiTest.class, null);
    b = TestCloud.on(a.db, null);
    file = a.importProperty("Green Grill");
    property = TestCloud.propertyId(file);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    b.stopNode();
    a.close();
  }

  /** A device token of the property's n-th workstation. */
  static String device(int n) {
    List<String> ids = new ArrayList<>();
    file.getJsonArray("workstations").forEach(w -> ids.add(((JsonObject) w).getString("id")));
    ids.sort(null);
    HttpResponse<String> r = a.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", ids.get(n)));
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  static String employeeNumber() {
    return file.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
  }

  static HttpResponse<String> call(TestCloud node, String method, String path, String token, JsonObject body,
                                   String... headers) {
    return node.send(method, path, token, body == null ? null : body.encode(), headers);
  }

  static JsonObject ok(HttpResponse<String> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  static String signIn(TestCloud node, String device) {
    return signIn(node, device, employeeNumber());
  }

  static String signIn(TestCloud node, String device, String n) {
    return ok(call(node, "POST", "/api/pos/sessions", device, new JsonObject().put("employeeNumber", n)
        .put("pin", n.substring(n.length() - 4)))).getString("sessionToken");
  }

  /** The check logic's view of the configuration a workstation reads from the node. */
  static PosConfig config(TestCloud node, String token) {
    return new PosClient(node.base()).config(token);
  }

  /** A line of the first active item that can be rung. */
  static JsonObject line(PosConfig cfg) {
    return PosClient.line(cfg, 0);
  }

  static String firstActive(PosConfig cfg, String table, java.util.function.Predicate<JsonObject> also) {
    return PosClient.firstActive(cfg, table, also);
  }

  @Test
  void aCheckRungOnTheCloudFromSignInToCloseIsPostedOnce() {
    String device = device(0);
    String session = signIn(a, device);
    PosConfig cfg = config(b, session);
    String rvc = firstActive(cfg, "rvcs", r -> true);
    JsonObject check = ok(call(b, "POST", "/api/pos/checks", session,
        new JsonObject().put("rvcId", rvc).put("guestCount", 2)));
    assertTrue(check.getInteger("number") >= PgCheckStore.CLOUD_FIRST_NUMBER, "the cloud's number range: " + check);
    String id = check.getString("id");
    ok(call(a, "POST", "/api/pos/checks/" + id + "/lines", session, line(cfg)));
    ok(call(b, "POST", "/api/pos/checks/" + id + "/send", session, null));
    long due = ok(call(a, "GET", "/api/pos/checks/" + id, session, null)).getLong("balanceDueCents");
    String cash = firstActive(cfg, "tenders", t -> "cash".equals(t.getString("tenderType")));
    ok(call(b, "POST", "/api/pos/checks/" + id + "/payments", session,
        new JsonObject().put("tenderId", cash).put("amountCents", due + 500)));
    JsonObject closed = ok(call(a, "POST", "/api/pos/checks/" + id + "/close", session, null));
    assertEquals("closed", closed.getString("status"));
    assertEquals(500, closed.getLong("changeDueCents"));

    JsonArray posted = ok(a.admin("GET", "/api/admin/properties/" + property + "/checks?businessDate="
        + closed.getString("businessDate"), null)).getJsonArray("checks");
    assertEquals(1, posted.stream().filter(c -> id.equals(((JsonObject) c).getString("id"))).count(), posted.encode());
  }

  @Test
  void twoWorkstationsOnTwoNodesWritingOneRevisionOneWinsTheOtherGets412() {
    String s1 = signIn(a, device(0));
    String s2 = signIn(b, device(1));
    PosConfig cfg = config(a, s1);
    JsonObject check = ok(call(a, "POST", "/api/pos/checks", s1,
        new JsonObject().put("rvcId", firstActive(cfg, "rvcs", r -> true)).put("guestCount", 1)));
    String path = "/api/pos/checks/" + check.getString("id") + "/lines";
    String revision = String.valueOf(check.getInteger("revision"));
    List<CompletableFuture<HttpResponse<String>>> both = List.of(
        CompletableFuture.supplyAsync(() -> call(a, "POST", path, s1, line(cfg), "If-Match", revision)),
        CompletableFuture.supplyAsync(() -> call(b, "POST", path, s2, line(cfg), "If-Match", revision)));
    List<Integer> statuses = both.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).sorted().toList();
    assertEquals(List.of(201, 412), statuses);
    JsonObject now = ok(call(b, "GET", "/api/pos/checks/" + check.getString("id"), s2, null));
    assertEquals(1, now.getJsonArray("lines").size(), "one line: the write that lost changed nothing");
  }

  @Test
  void aSessionWorksOnEveryNodeAndASignOutEndsItOnAll() {
    String session = signIn(a, device(0));
    ok(call(b, "GET", "/api/pos/checks?status=open", session, null));
    assertEquals(204, call(b, "DELETE", "/api/pos/sessions/current", session, null).statusCode());
    HttpResponse<String> after = call(a, "GET", "/api/pos/checks?status=open", session, null);
    assertEquals(401, after.statusCode());
    assertEquals("session_revoked", new JsonObject(after.body()).getString("error"));
  }

  @Test
  void fiveWrongPinsOverTwoNodesLockTheWorkstation() {
    String device = device(2);
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = call(i % 2 == 0 ? a : b, "POST", "/api/pos/sessions", device,
          new JsonObject().put("employeeNumber", employeeNumber()).put("pin", "0000"));
      assertEquals(401, r.statusCode(), r.body());
    }
    HttpResponse<String> fifth = call(b, "POST", "/api/pos/sessions", device,
        new JsonObject().put("employeeNumber", employeeNumber()).put("pin", "0000"));
    assertEquals(429, fifth.statusCode(), fifth.body());
    assertEquals("too_many_attempts", new JsonObject(fifth.body()).getString("error"));
  }

  @Test
  void aCheckWrittenOnOneNodeReachesASocketOnTheOther() throws Exception {
    String session = signIn(a, device(0));
    PosConfig cfg = config(a, session);
    WebSocketClient client = vertx.createWebSocketClient();
    CompletableFuture<JsonObject> frame = new CompletableFuture<>();
    client.connect(new WebSocketConnectOptions().setPort(b.cloud.httpPort()).setHost("127.0.0.1")
            .setURI("/ws/pos?access_token=" + session))
        .await().textMessageHandler(t -> {
          JsonObject f = new JsonObject(t);
          if ("check:updated".equals(f.getString("type"))) {
            frame.complete(f);
          }
        });
    JsonObject check = ok(call(a, "POST", "/api/pos/checks", session,
        new JsonObject().put("rvcId", firstActive(cfg, "rvcs", r -> true)).put("guestCount", 1)));
    JsonObject f = frame.get(30, TimeUnit.SECONDS);
    assertEquals(check.getString("id"), f.getString("checkId"));
    assertEquals(check.getInteger("revision"), f.getInteger("revision"));
    client.close();
  }

  @Test
  void cardsAreTheHostsAndForeignTokensOpenNothing() {
    String session = signIn(a, device(0));
    PosConfig cfg = config(a, session);
    JsonObject check = ok(call(a, "POST", "/api/pos/checks", session,
        new JsonObject().put("rvcId", firstActive(cfg, "rvcs", r -> true)).put("guestCount", 1)));
    ok(call(a, "POST", "/api/pos/checks/" + check.getString("id") + "/lines", session, line(cfg)));
    String card = firstActive(cfg, "tenders", t -> Boolean.TRUE.equals(t.getBoolean("usesProcessor")));
    HttpResponse<String> r = call(a, "POST", "/api/pos/checks/" + check.getString("id") + "/payments", session,
        new JsonObject().put("tenderId", card).put("amountCents", 100)
            .put("card", new JsonObject().put("encryptedData", "x").put("last4", "4242").put("brand", "visa")));
    assertEquals(402, r.statusCode(), r.body());
    assertEquals("offline_limit", new JsonObject(r.body()).getString("error"));
    String other = UUID.randomUUID() + session.substring(session.indexOf('.'));
    assertEquals(401, call(b, "GET", "/api/pos/checks?status=open", other, null).statusCode());
    assertEquals(401, call(b, "GET", "/api/pos/checks?status=open", "not-a-token", null).statusCode());
    assertEquals(401, call(b, "POST", "/api/pos/sessions", "a.b.c",
        new JsonObject().put("employeeNumber", "1").put("pin", "1")).statusCode());
  }

  @Test
  void aDeactivatedEmployeesCloudSessionEndsAndItsSocketIsTold() throws Exception {
    // an employee no other test signs in with: the deactivation stays
    String n = file.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().skip(1).findFirst().orElseThrow();
    String session = signIn(b, device(0), n);
    WebSocketClient client = vertx.createWebSocketClient();
    CompletableFuture<JsonObject> revoked = new CompletableFuture<>();
    client.connect(new WebSocketConnectOptions().setPort(b.cloud.httpPort()).setHost("127.0.0.1")
            .setURI("/ws/pos?access_token=" + session))
        .await().textMessageHandler(t -> {
          JsonObject f = new JsonObject(t);
          if ("session:revoked".equals(f.getString("type"))) {
            revoked.complete(f);
          }
        });
    JsonObject employee = file.getJsonArray("employees").stream().map(e -> (JsonObject) e)
        .filter(e -> n.equals(e.getString("employeeNumber"))).findFirst().orElseThrow();
    String path = "/api/admin/properties/" + property + "/employees/" + employee.getString("id");
    JsonObject row = ok(a.admin("GET", path, null));
    ok(a.admin("PUT", path, row.copy().put("active", false)));
    assertEquals(employee.getString("id"), revoked.get(30, TimeUnit.SECONDS).getString("employeeId"));
    // the node that told the socket has the new configuration in force: its next call is refused
    HttpResponse<String> after = call(b, "GET", "/api/pos/checks?status=open", session, null);
    assertEquals(401, after.statusCode());
    assertEquals("session_revoked", new JsonObject(after.body()).getString("error"));
    client.close();
  }

  @Test
  void housekeepingDropsExpiredSessionsAndOldKeysAndKeepsTheRest() {
    String live = signIn(a, device(1));
    a.sql("INSERT INTO pos_sessions (token_hash, property_id, employee_id, device_id, expires_at) VALUES "
        + "('expired-hash', '" + property + "', 'e', 'd', now() - interval '1 minute')");
    a.sql("INSERT INTO pos_idempotency (property_id, device_id, key, request_hash, status, created_at, body) VALUES "
        + "('" + property + "', 'd', 'old-key', 'h', 201, now() - interval '25 hours', '{}')");
    assertTrue(PosHousekeeping.run(a.pool()).await() >= 2);
    assertEquals(0L, count("SELECT count(*) FROM pos_sessions WHERE token_hash = 'expired-hash'"));
    assertEquals(0L, count("SELECT count(*) FROM pos_idempotency WHERE key = 'old-key'"));
    ok(call(b, "GET", "/api/pos/checks?status=open", live, null)); // a live session stays
  }

  @Test
  void oneIdempotencyKeySentToTwoNodesAtOnceWritesOnceAndBothAnswerTheSame() {
    String session = signIn(a, device(3));
    PosConfig cfg = config(a, session);
    JsonObject check = ok(call(a, "POST", "/api/pos/checks", session,
        new JsonObject().put("rvcId", firstActive(cfg, "rvcs", r -> true)).put("guestCount", 1)));
    String path = "/api/pos/checks/" + check.getString("id") + "/lines";
    JsonObject line = line(cfg);
    for (int round = 0; round < 10; round++) {
      String key = UUID.randomUUID().toString();
      List<CompletableFuture<HttpResponse<String>>> both = List.of(
          CompletableFuture.supplyAsync(() -> call(a, "POST", path, session, line, "Idempotency-Key", key)),
          CompletableFuture.supplyAsync(() -> call(b, "POST", path, session, line, "Idempotency-Key", key)));
      HttpResponse<String> first = both.get(0).join();
      HttpResponse<String> second = both.get(1).join();
      assertEquals(201, first.statusCode(), first.body());
      assertEquals(201, second.statusCode(), second.body());
      assertEquals(new JsonObject(first.body()), new JsonObject(second.body()), "the first answer, twice");
    }
    assertEquals(10, ok(call(b, "GET", "/api/pos/checks/" + check.getString("id"), session, null))
        .getJsonArray("lines").size(), "one line per key");
  }

  @Test
  void aCheckOfAnotherPropertyIsNotFound() {
    String session = signIn(a, device(0));
    String id = ok(call(a, "POST", "/api/pos/checks", session, new JsonObject()
        .put("rvcId", firstActive(config(a, session), "rvcs", r -> true)).put("guestCount", 1))).getString("id");
    JsonObject other = a.importProperty("Other Grill");
    UUID otherProperty = TestCloud.propertyId(other);
    String otherDevice = new JsonObject(a.admin("POST", "/api/admin/properties/" + otherProperty + "/device-tokens",
        new JsonObject().put("deviceId", other.getJsonArray("workstations").getJsonObject(0).getString("id")))
        .body()).getString("token");
    String n = other.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
    String otherSession = signIn(b, otherDevice, n);
    for (String path : List.of("/api/pos/checks/" + id, "/api/pos/checks/" + id + "/audit")) {
      HttpResponse<String> r = call(b, "GET", path, otherSession, null);
      assertEquals(404, r.statusCode(), path + " " + r.body());
    }
    HttpResponse<String> write = call(b, "POST", "/api/pos/checks/" + id + "/send", otherSession, null);
    assertEquals(404, write.statusCode(), write.body());
  }

  static long count(String sql) {
    return a.pool().query(sql).execute().await().iterator().next().getLong(0);
  }
}
