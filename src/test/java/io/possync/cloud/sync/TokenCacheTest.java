package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.possync.cloud.RestartablePostgres;
import io.possync.cloud.TcpProxy;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.Addresses;
import io.possync.core.crypto.Tokens;
import io.possync.support.TestCloud;
import io.possync.support.TestPostgres;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rotated token dies at once, also when the notification that would have told the node was lost: after a
 * database restart (the node's LISTEN connection dropped and came back), and when a rotation through this node
 * sends no notification at all. The PostgreSQL is an embedded one this test stops and starts itself; the node
 * reaches it through a proxy the test cuts, so the rotation is certain to commit while the node cannot listen.
 */
class TokenCacheTest {

  static RestartablePostgres pg;
  /** The node reaches its database only through this proxy; the test reaches it directly too. */
  static TcpProxy proxy;
  static TestCloud cloud;
  static UUID property;

  @BeforeAll
  static void setUp() {
    pg = RestartablePostgres.start();
    proxy = TcpProxy.to(pg.options().getPort());
    cloud = TestCloud.on(pg.options().setPort(proxy.port()), new JsonObject().put("httpInstances", 1));
    property = TestCloud.propertyId(cloud.importProperty("Blip Place"));
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
    proxy.close();
    pg.close();
  }

  int full(String token) {
    return cloud.get("/api/sync/config/full", token).statusCode();
  }

  /** The next message on an event bus address of the node that matches. */
  CompletableFuture<JsonObject> next(String address, Predicate<JsonObject> match) {
    CompletableFuture<JsonObject> f = new CompletableFuture<>();
    MessageConsumer<JsonObject> c = cloud.cloud.vertx().eventBus().consumer(address);
    c.handler(m -> {
      if (match.test(m.body())) {
        f.complete(m.body());
        c.unregister();
      }
    });
    c.completion().toCompletionStage().toCompletableFuture().join();
    return f;
  }

  /** Rotates a host's token by plain SQL, as a DBA (or another node) would; returns the new token. */
  static String rotateBySql(UUID serviceHostId) {
    String token = Tokens.generate();
    TestPostgres.exec(pg.options(), "UPDATE service_hosts SET auth_token = '" + Tokens.sha256Hex(token)
        + "' WHERE id = '" + serviceHostId + "'");
    return token;
  }

  /**
   * Rotates the sentinel's token by SQL and waits until the node has heard of it: PostgreSQL delivers notifications
   * in commit order, so every notification committed before has been handled by then.
   */
  void settle(ServiceHostRegistry.Registration sentinel) throws Exception {
    CompletableFuture<JsonObject> heard = next(Addresses.CLOUD_AUTH_CHANGED,
        e -> e.toString().contains(sentinel.serviceHostId().toString()));
    rotateBySql(sentinel.serviceHostId());
    heard.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aTokenRotatedWhileTheNotificationsWereDownDiesOnceTheyAreBack() throws Exception {
    ServiceHostRegistry.Registration host = cloud.register(property, "Blip office");
    ServiceHostRegistry.Registration sentinel = cloud.register(property, "Sentinel");
    assertEquals(200, full(host.token()), "the token works (and is now in the node's cache)");
    ServiceHostRegistry.Registration steady = cloud.register(property, "Steady office");
    CompletableFuture<Integer> socketClosed = pushSocket(host.token(), null);
    java.util.concurrent.BlockingQueue<JsonObject> steadyFrames = new java.util.concurrent.LinkedBlockingQueue<>();
    CompletableFuture<Integer> steadyClosed = pushSocket(steady.token(), steadyFrames);
    settle(sentinel); // the registrations' own notifications are behind us

    // The node's database connections drop (the proxy cuts them and refuses new ones) and the database restarts.
    // The token is rotated over a direct connection while the node cannot listen: its notification is lost.
    CompletableFuture<JsonObject> lost = next(Addresses.CLOUD_NOTIFICATIONS,
        e -> Boolean.FALSE.equals(e.getBoolean(Addresses.LISTENING)));
    CompletableFuture<JsonObject> back = next(Addresses.CLOUD_NOTIFICATIONS,
        e -> Boolean.TRUE.equals(e.getBoolean(Addresses.LISTENING)));
    CompletableFuture<JsonObject> announced = next(Addresses.CLOUD_CONFIG_CHANGED,
        e -> property.toString().equals(e.getString("propertyId")));
    proxy.cut();
    lost.get(30, TimeUnit.SECONDS);
    pg.stop();
    pg.restart();
    String rotated = rotateBySql(host.serviceHostId());
    assertFalse(back.isDone(), "the rotation committed before the node listens again");
    proxy.restore();
    back.get(60, TimeUnit.SECONDS);
    announced.get(30, TimeUnit.SECONDS); // every property's version is announced once the node listens again

    settle(sentinel); // notifications flow again, and every one sent before has been handled

    assertEquals(401, full(host.token()), "the token rotated while the node was not listening is dead");
    assertEquals(200, full(rotated));
    assertEquals(1008, socketClosed.get(10, TimeUnit.SECONDS), "its push socket is closed: credentials changed");

    // A socket whose token is still good stays open: it hears the next commit.
    cloud.sql("UPDATE tenders SET name = name || '.' WHERE property_id = '" + property + "'");
    int v = cloud.version(property);
    JsonObject frame;
    do {
      frame = steadyFrames.poll(10, TimeUnit.SECONDS);
    } while (frame != null && frame.getInteger("version") != v);
    assertEquals(v, frame == null ? null : frame.getInteger("version"), "the steady host heard the commit");
    assertEquals(false, steadyClosed.isDone());
  }

  /**
   * Opens a push socket with the token; the future completes with the close code the node sends. Frames go to
   * {@code frames} when one is given.
   */
  CompletableFuture<Integer> pushSocket(String token, java.util.Queue<JsonObject> frames) {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + cloud.cloud.httpPort() + "/ws/service-host"),
            new java.net.http.WebSocket.Listener() {
              final StringBuilder partial = new StringBuilder();

              @Override
              public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                   boolean last) {
                partial.append(data);
                if (last) {
                  if (frames != null) {
                    frames.add(new JsonObject(partial.toString()));
                  }
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }

              @Override
              public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code,
                                                                    String reason) {
                closed.complete(code);
                return null;
              }
            }).join();
    return closed;
  }

  @Test
  void aRotationThroughTheNodeIsForgottenThereEvenWithoutANotification() {
    ServiceHostRegistry.Registration host = cloud.register(property, "Quiet office");
    assertEquals(200, full(host.token()), "the token works (and is now in the node's cache)");
    // The notification of this rotation is lost: the trigger that sends it is off.
    TestPostgres.exec(pg.options(), "ALTER TABLE service_hosts DISABLE TRIGGER possync_auth_changed");
    try {
      var r = cloud.admin("POST", "/api/admin/service-hosts/" + host.serviceHostId() + "/rotate-token", null);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(401, full(host.token()), "the node that rotated the token forgot it at once");
      assertEquals(200, full(new JsonObject(r.body()).getString("token")));
    } finally {
      TestPostgres.exec(pg.options(), "ALTER TABLE service_hosts ENABLE TRIGGER possync_auth_changed");
    }
  }
}
