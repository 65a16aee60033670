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
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.cloud.httpPort())
        .setURI("/ws/kds?access_token=" + token)).await();
    ws.textMessageHandler(t -> q.add(new JsonObject(t)));
    return new Screen(ws, q);
  }

  @Test
  void aSendOnOneNodeReachesEveryScreenOfItsDisplayAndABumpLeavesThemAll() throws Exception {
    String workstation = file.getJsonArray("workstations").getJsonObject(0).getString("id");
    PosClient onA = new PosClient(a.base());
    String n = file.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
    String session = onA.signIn(token(workstation), n);
    java.util.Map<String, java.util.Map<String, JsonObject>> tables = io.possync.core.catalog.Catalog.get().tables(file);
    PosConfig cfg = new PosConfig(1, t -> tables.getOrDefault(t, java.util.Map.of()));
    // an item whose print class sends it to a KDS display in some revenue center
    String rvc = null;
    String item = null;
    String display = null;
    for (String r : cfg.table("rvcs").keySet().stream().sorted().toList()) {
      for (String i : cfg.table("menu_items").keySet().stream().sorted().toList()) {
        PosConfig.MenuItem m = cfg.menuItem(i).orElseThrow();
        if (display == null && m.active() && cfg.modifierGroupsOf(i).isEmpty()) {
          List<String> kds = cfg.route(r, m.printClassId()).stream().flatMap(d -> d.kdsDeviceIds().stream()).toList();
          if (!kds.isEmpty()) {
            rvc = r;
            item = i;
            display = kds.get(0);
          }
        }
      }
    }
    assertTrue(display != null, "the sample routes some item to a display");
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
    assertEquals(new JsonArray(), later.next("snapshot").getJsonArray("tickets"), "bumped: on no screen");

    onNodeA.ws().writeTextMessage(new JsonObject().put("type", "recall").encode());
    assertEquals(ticketA.getString("id"), later.next("ticket").getJsonObject("ticket").getString("id"));
    Screen last = screen(a, kdsToken);
    assertEquals(1, last.next("snapshot").getJsonArray("tickets").size(), "recalled: open again");
  }
}
