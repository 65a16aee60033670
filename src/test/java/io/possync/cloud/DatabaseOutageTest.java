package io.possync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With its PostgreSQL stopped, a node answers the sync and admin APIs 503 {@code database_unavailable} with
 * {@code Retry-After}, not 500 with a stack trace logged per request: one WARN when the database goes, one INFO
 * when it is back. The PostgreSQL is an embedded one this test stops and starts itself.
 */
class DatabaseOutageTest {

  static RestartablePostgres pg;
  static TestCloud cloud;
  static UUID property;
  static ServiceHostRegistry.Registration host;
  static JsonObject item;

  @BeforeAll
  static void setUp() {
    pg = RestartablePostgres.start();
    cloud = TestCloud.on(pg.options(), null);
    property = TestCloud.propertyId(cloud.importProperty("Outage Place"));
    host = cloud.register(property, "Outage office");
    item = new JsonArray(cloud.admin("GET", "/api/admin/properties/" + property + "/menu_items", null).body())
        .getJsonObject(0);
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
    pg.close();
  }

  /** One request of each kind the sync and admin APIs take, each made fresh. */
  List<Supplier<HttpResponse<String>>> requests() {
    String beat = "/api/service-hosts/" + host.serviceHostId() + "/heartbeat";
    String items = "/api/admin/properties/" + property + "/menu_items";
    return List.of(
        () -> cloud.send("POST", beat, host.token(), new JsonObject().put("appliedVersion", 1).encode()),
        () -> cloud.get("/api/sync/config/full", host.token()),
        () -> cloud.get("/api/sync/config/delta?since=1", host.token()),
        () -> cloud.get("/api/sync/config/full", "a-token-no-node-has-seen"),
        () -> cloud.send("POST", "/api/sync/transactions", host.token(), new JsonObject().put("transactions",
            new JsonArray().add(new JsonObject().put("id", UUID.randomUUID().toString()))).encode()),
        () -> cloud.admin("GET", items, null),
        () -> cloud.admin("PUT", items + "/" + item.getString("id"), item),
        () -> cloud.admin("GET", "/api/admin/service-hosts?propertyId=" + property, null),
        () -> cloud.admin("POST", "/api/admin/properties/" + property + "/sync-request", null));
  }

  @Test
  void withTheDatabaseDownRequestsAnswer503AndOneWarningIsLogged() throws Exception {
    try (LogCapture log = LogCapture.of("io.possync")) {
      pg.stop();
      for (int round = 0; round < 3; round++) {
        for (Supplier<HttpResponse<String>> req : requests()) {
          HttpResponse<String> r = req.get();
          String what = r.request().method() + " " + r.request().uri().getPath() + ": " + r.body();
          assertEquals(503, r.statusCode(), what);
          JsonObject body = new JsonObject(r.body());
          assertEquals("database_unavailable", body.getString("error"), what);
          assertTrue(body.getString("message") != null, what);
          assertTrue(Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0")) > 0, what);
          assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), what);
        }
      }
      // /ready says not ready to anyone, without the driver's words (addresses, ports) about why.
      HttpResponse<String> ready = cloud.get("/ready", null);
      assertEquals(503, ready.statusCode(), ready.body());
      String why = new JsonObject(ready.body()).getString("message");
      assertFalse(why.contains(String.valueOf(pg.options().getPort())) || why.toLowerCase().contains("refused"), why);
      List<LogRecord> warnings = log.atLeast(Level.WARNING);
      assertEquals(1, warnings.size(), "one WARN when the database goes: " + warnings.stream()
          .map(x -> x.getLevel() + " " + x.getMessage()).toList());

      pg.restart();
      log.await(r -> r.getLevel() == Level.INFO && r.getLoggerName().endsWith("DatabaseHealth"));
      for (Supplier<HttpResponse<String>> req : requests().subList(0, 3)) {
        HttpResponse<String> r = req.get();
        assertTrue(r.statusCode() == 200, r.statusCode() + " " + r.body());
      }
      assertEquals(200, cloud.admin("GET", "/api/admin/properties/" + property + "/menu_items", null).statusCode());
      assertEquals(1, log.atLeast(Level.WARNING).size(), "nothing more to warn about");
    }
  }

  @Test
  void aWebSocketRequestWithoutUpgradeGetsTheJsonErrorShape() {
    HttpResponse<String> r = cloud.get(CloudHttpVerticle.PUSH_PATH, host.token());
    assertEquals(400, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("invalid", body.getString("error"));
    assertTrue(body.getString("message").contains("Upgrade"), body.getString("message"));
  }
}
