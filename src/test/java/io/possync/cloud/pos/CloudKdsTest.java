package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.caps.PosConfig;
import io.possync.support.PosClient;
import io.possync.support.TestCloud;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GREEN mode's kitchen displays on two cloud nodes (POS-API.md sections 5 and 8): a send made through one node
 * reaches a display whose screens are connected to both nodes, once each; a bump on one screen leaves every screen;
 * recall brings it back; a screen that connects later gets it in its snapshot.
 */
class CloudKdsTest {

  static TestCloud a;
  static TestCloud b;
  static UUID property;
  static JsonObject file;
  static Vertx vertx;
  static WebSocketClient client;

  @BeforeAll
  static void start() {
    a = TestCloud.start(CloudKdsTest.class, null);
    b = TestCloud.on(a.db, null);
    file = a.importProperty("Green Kitchen");
    property = TestCloud.propertyId(file);
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    b.stopNode();
    a.close();
  }

  static String token(String deviceId) {
    return new JsonObject(a.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", deviceId)).body()).getString("token");
  }

  /** A screen of a display on a node: its frames, in order. */
  record Screen(WebSocket ws, LinkedBlockingQueue<JsonObject> frames) {
    JsonObject next(String type) throws InterruptedException {
      while (true) {
        JsonObject f = frames.poll(30, TimeUnit.SECONDS);
        if (f == null) {
          throw new AssertionError("no " + type + " frame");
        }
        if (type.equals(f.getString("type"))) {
          return f;
        }
      }
    }
  }

  static Screen screen(TestCloud node, String token) {
    LinkedBlockingQueue<JsonObject> q = new LinkedBlockingQueue<>();
    // the handler is set on the socket's own context as it opens: the snapshot comes at once and must not be missed
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.cloud.httpPort())
        .setURI("/ws/kds?access_token=" + token)).onSuccess(w -> w.textMessageHandler(t -> q.add(new JsonObject(t))))
        .await();
    return new Screen(ws, q);
  }

  /** An item whose print class sends it to a KDS display in a revenue center. */
  record Routed(String rvc, String item, String display) {
    static Routed find() {
      java.util.Map<String, java.util.Map<String, JsonObject>> tables = io.possync.core.catalog.Catalog.get()
          .tables(file);
      PosConfig cfg = new PosConfig(1, t -> tables.getOrDefault(t, java.util.Map.of()));
      for (String r : cfg.table("rvcs").keySet().stream().sorted().toList()) {
        for (String i : cfg.table("menu_items").keySet().stream().sorted().toList()) {
          PosConfig.MenuItem m = cfg.menuItem(i).orElseThrow();
          if (m.active() && cfg.modifierGroupsOf(i).isEmpty()) {
            List<String> kds = cfg.route(r, m.printClassId()).stream().flatMap(d -> d.kdsDeviceIds().stream())
                .toList();
            if (!kds.isEmpty()) {
              return new Routed(r, i, kds.get(0));
            }
          }
        }
      }
      throw new AssertionError("the sample routes some item to a display");
    }
  }

  /** A session on node a of an employee whose role has the privilege (any active one when null). */
  static String session(String privilege) {
    java.util.Set<String> roles = new java.util.HashSet<>();
    file.getJsonArray("roles").forEach(r -> {
      JsonObject role = (JsonObject) r;
      if (privilege == null || role.getJsonArray("privilegeCodes").contains(privilege)) {
        roles.add(role.getString("id"));
      }
    });
    String n = file.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .filter(e -> roles.contains(e.getString("roleId"))).map(e -> e.getString("employeeNumber")).sorted()
        .findFirst().orElseThrow();
    return new PosClient(a.base()).signIn(token(file.getJsonArray("workstations").getJsonObject(0).getString("id")), n);
  }

  @Test
  void aVoidHandledInOneBatchWithItsSendTakesTheLineBackFromTheTicket() throws Exception {
    Routed r = Routed.find();
    PosClient onA = new PosClient(a.base());
    String session = session("void_item");
    String check = onA.ok("POST", "/api/pos/checks", session, new JsonObject().put("rvcId", r.rvc())
        .put("guestCount", 1)).getString("id");
    JsonObject rung = onA.ok("POST", "/api/pos/checks/" + check + "/lines", session,
        new JsonObject().put("menuItemId", r.item()));
    String line = rung.getJsonArray("lines").getJsonObject(0).getString("id");
    onA.ok("POST", "/api/pos/checks/" + check + "/send", session, null);
    onA.ok("POST", "/api/pos/checks/" + check + "/lines/" + line + "/void", session,
        new JsonObject().put("reason", "guest changed mind"));
    Screen screen = screen(b, token(r.display()));
    screen.next("snapshot");
    // the send and the void wait together (as after an outage): one dispatch handles both
    a.sql("DELETE FROM pos_kds_tickets WHERE check_id = '" + check + "'");
    a.sql("UPDATE pos_kitchen_events SET kds_done = false WHERE check_id = '" + check + "'");
    String other = onA.ok("POST", "/api/pos/checks", session, new JsonObject().put("rvcId", r.rvc())
        .put("guestCount", 1)).getString("id");
    onA.ok("POST", "/api/pos/checks/" + other + "/lines", session, new JsonObject().put("menuItemId", r.item()));
    onA.ok("POST", "/api/pos/checks/" + other + "/send", session, null); // wakes the dispatch
    JsonObject ticket = screen.next("ticket").getJsonObject("ticket");
    assertEquals(check, ticket.getString("checkId"), "the waiting send comes first");
    JsonObject voided = screen.next("void");
    assertEquals(ticket.getString("id"), voided.getString("ticketId"));
    JsonArray open = screen(a, token(r.display())).next("snapshot").getJsonArray("tickets");
    JsonObject stored = open.stream().map(t -> (JsonObject) t).filter(t -> check.equals(t.getString("checkId")))
        .findFirst().orElseThrow();
    assertEquals("voided", stored.getJsonArray("lines").getJsonObject(0).getString("status"));
  }

  @Test
  void aSendOnOneNodeReachesEveryScreenOfItsDisplayAndABumpLeavesThemAll() throws Exception {
    Routed routed = Routed.find();
    String rvc = routed.rvc();
    String item = routed.item();
    String display = routed.display();
    PosClient onA = new PosClient(a.base());
    String session = session(null);
    String kdsToken = token(display);
    Screen onNodeA = screen(a, kdsToken);
    Screen onNodeB = screen(b, kdsToken);
    onNodeA.next("snapshot");
    onNodeB.next("snapshot");

    String check = onA.ok("POST", "/api/pos/checks", session, new JsonObject().put("rvcId", rvc).put("guestCount", 1))
        .getString("id");
    onA.ok("POST", "/api/pos/checks/" + check + "/lines", session, new JsonObject().put("menuItemId", item));
    onA.ok("POST", "/api/pos/checks/" + check + "/send", session, null);

    JsonObject ticketA = onNodeA.next("ticket").getJsonObject("ticket");
    JsonObject ticketB = onNodeB.next("ticket").getJsonObject("ticket");
    assertEquals(ticketA, ticketB, "one ticket, on both screens");
    assertEquals(check, ticketA.getString("checkId"));
    assertEquals(1, ticketA.getJsonArray("lines").size());
    assertTrue(ticketA.getInteger("checkNumber") >= PgCheckStore.CLOUD_FIRST_NUMBER);

    onNodeB.ws().writeTextMessage(new JsonObject().put("type", "bump").put("ticketId", ticketA.getString("id"))
        .encode());
    assertEquals(ticketA.getString("id"), onNodeA.next("bumped").getString("ticketId"));
    assertEquals(ticketA.getString("id"), onNodeB.next("bumped").getString("ticketId"));
    Screen later = screen(b, kdsToken);
    assertTrue(later.next("snapshot").getJsonArray("tickets").stream()
        .noneMatch(t -> ticketA.getString("id").equals(((JsonObject) t).getString("id"))), "bumped: on no screen");

    onNodeA.ws().writeTextMessage(new JsonObject().put("type", "recall").encode());
    assertEquals(ticketA.getString("id"), later.next("ticket").getJsonObject("ticket").getString("id"));
    Screen last = screen(a, kdsToken);
    assertTrue(last.next("snapshot").getJsonArray("tickets").stream()
        .anyMatch(t -> ticketA.getString("id").equals(((JsonObject) t).getString("id"))), "recalled: open again");
  }
}
