package io.possync.cloud.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The push channel over real WebSockets: commits by any client, through any node, reach the property's hosts. */
class PushHubTest {

  static TestCloud nodeA;
  static TestCloud nodeB;
  static UUID property;
  static UUID other;
  static ServiceHostRegistry.Registration host;
  static ServiceHostRegistry.Registration otherHost;

  @BeforeAll
  static void setUp() {
    nodeA = TestCloud.start(PushHubTest.class, null);
    nodeB = TestCloud.on(nodeA.db, null); // a second cloud node on another port, same database
    property = TestCloud.propertyId(nodeA.importProperty("Push Place"));
    other = TestCloud.propertyId(nodeA.importProperty("Quiet Place"));
    host = nodeA.register(property, "Push office");
    otherHost = nodeA.register(other, "Quiet office");
  }

  @AfterAll
  static void tearDown() {
    nodeB.close();
    nodeA.close();
  }

  /** A host's push socket: frames land in a queue. */
  static final class Client implements WebSocket.Listener {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    static Client connect(TestCloud node, String token) {
      Client c = new Client();
      c.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
          .buildAsync(URI.create("ws://127.0.0.1:" + node.cloud.httpPort() + "/ws/service-host"), c).join();
      return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    JsonObject next(String type) throws InterruptedException {
      long end = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < end) {
        JsonObject f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null && f.getString("type").equals(type)) {
          return f;
        }
      }
      return null;
    }

    void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }

  static void sql(String s) {
    nodeA.sql(s);
  }

  static void awaitConnections(int n) throws InterruptedException {
    long end = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < end) {
      String m = nodeA.get("/metrics", null).body();
      if (m.contains("possync_push_connections " + n + ".0")) {
        return;
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aPlainSqlCommitReachesTheHostsSocketOnEveryNode() throws Exception {
    Client onA = Client.connect(nodeA, host.token());
    Client onB = Client.connect(nodeB, host.token());
    Client quiet = Client.connect(nodeA, otherHost.token());
    awaitConnections(3);
    sql("UPDATE menu_items SET price_cents = price_cents + 5 WHERE property_id = '" + property + "' AND sort_order = 1");
    int v = nodeA.version(property);
    JsonObject a = onA.next("config:updated");
    JsonObject b = onB.next("config:updated");
    assertNotNull(a, "node A pushed");
    assertNotNull(b, "node B pushed a commit it did not make");
    assertEquals(property.toString(), a.getString("propertyId"));
    assertEquals(v, a.getInteger("version"));
    assertEquals(v, b.getInteger("version"));
    assertNull(quiet.next("config:updated"), "another property's host hears nothing");
    onA.close();
    onB.close();
    quiet.close();
  }

  @Test
  void urgentChangesAndAdminSyncRequestsArePushedThroughAnyNode() throws Exception {
    Client onB = Client.connect(nodeB, host.token());
    awaitConnections(1);
    // An employee terminated through the admin API of node A: urgent, and heard on node B.
    JsonObject employee = new io.vertx.core.json.JsonArray(nodeA.admin("GET", "/api/admin/properties/" + property
        + "/employees", null).body()).stream().map(o -> (JsonObject) o).filter(o -> o.getBoolean("active"))
        .findFirst().orElseThrow();
    employee.put("active", false);
    assertEquals(200, nodeA.admin("PUT", "/api/admin/properties/" + property + "/employees/"
        + employee.getString("id"), employee).statusCode());
    JsonObject urgent = onB.next("config:urgent");
    assertNotNull(urgent);
    assertEquals(nodeA.version(property), urgent.getInteger("version"));

    assertEquals(202, nodeA.admin("POST", "/api/admin/properties/" + property + "/sync-request", null).statusCode());
    JsonObject required = onB.next("sync:required");
    assertNotNull(required);
    assertEquals(property.toString(), required.getString("propertyId"));
    onB.close();
  }

  @Test
  void theUpgradeChecksTheToken() {
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> Client.connect(nodeA, "wrong"));
    assertTrue(e.getCause() instanceof WebSocketHandshakeException w && w.getResponse().statusCode() == 401,
        String.valueOf(e.getCause()));
  }

  @Test
  void aRotatedTokenIsDisconnected() throws Exception {
    ServiceHostRegistry.Registration spare = nodeA.register(property, "Spare");
    Client c = Client.connect(nodeB, spare.token());
    awaitConnections(1);
    new ServiceHostRegistry().rotate(nodeA.pool(), spare.serviceHostId()).await();
    assertEquals(1008, c.closed.get(5, TimeUnit.SECONDS), "closed as a policy violation: credentials changed");
  }
}
