package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.metrics.Metrics;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees of a host, against the real cloud: the admin view is current, and a refused token is loud once. */
class HostVisibilityTest {

  static TestCloud cloud;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(HostVisibilityTest.class, null);
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  /** The host's row in GET /api/admin/service-hosts. */
  static JsonObject adminView(UUID property, UUID host) {
    JsonArray hosts = new JsonArray(cloud.admin("GET", "/api/admin/service-hosts?propertyId=" + property, null).body());
    for (Object o : hosts) {
      if (host.toString().equals(((JsonObject) o).getString("serviceHostId"))) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("host " + host + " is not in the admin view: " + hosts);
  }

  @Test
  void theAdminViewShowsTheHostSyncedRightAfterAChangeNotAtTheNextHeartbeat() throws Exception {
    JsonObject file = cloud.importProperty("Current Cafe");
    UUID property = TestCloud.propertyId(file);
    ServiceHostRegistry.Registration reg = cloud.register(property, "current host");
    // Heartbeats every 5 minutes: only the heartbeat sent after each apply can make the view current in time.
    try (HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(),
        reg.token(), 300), Clock.systemUTC())) {
      ConfigSnapshot first = TestHost.awaitVersion(host, cloud.version(property), "first full sync");
      assertEquals("synced", TestHost.until(host.vertx(), Duration.ofSeconds(5),
          () -> "synced".equals(adminView(property, reg.serviceHostId()).getString("status")) ? "synced" : null),
          "after the first sync: " + adminView(property, reg.serviceHostId()));

      String item = first.table("menu_items").keySet().iterator().next();
      Instant changed = Instant.now();
      cloud.sql("UPDATE menu_items SET price_cents = price_cents + 7 WHERE id = '" + item + "'");
      int version = cloud.version(property);
      JsonObject view = TestHost.until(host.vertx(), Duration.ofSeconds(5), () -> {
        JsonObject v = adminView(property, reg.serviceHostId());
        return "synced".equals(v.getString("status")) && v.getInteger("appliedVersion") == version ? v : null;
      });
      long ms = Duration.between(changed, Instant.now()).toMillis();
      assertNotNull(view, "the admin view still shows " + adminView(property, reg.serviceHostId()) + " "
          + ms + " ms after the change");
      System.out.println("admin view synced " + ms + " ms after the change");
    }
  }

  @Test
  void aRefusedTokenShowsAsAnErrorOnTheLanStatusWithOneErrorLineAndTheAlertMetric() throws Exception {
    JsonObject file = cloud.importProperty("Refused Restaurant");
    UUID property = TestCloud.propertyId(file);
    ServiceHostRegistry.Registration reg = cloud.register(property, "refused host");
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public synchronized void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          records.add(r);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger possync = Logger.getLogger("io.possync.host");
    double alertsBefore = Metrics.registry().counter(Metrics.HOST_ALERTS, "alert", "token_refused").count();
    try (HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(),
        reg.token(), 1), Clock.systemUTC())) {
      TestHost.awaitVersion(host, cloud.version(property), "first full sync");
      possync.addHandler(capture);
      // The EMC rotates the token; the host still has the old one.
      assertEquals(200, cloud.admin("POST", "/api/admin/service-hosts/" + reg.serviceHostId() + "/rotate-token", null)
          .statusCode());

      JsonObject status = TestHost.until(host.vertx(), Duration.ofSeconds(10), () -> {
        JsonObject s = TestHost.statusOrNull(host);
        // both show within moments of each other: the status word (a failed sync may set it first) and the reason
        return s != null && "error".equals(s.getString("syncStatus")) && s.getString("lastError") != null ? s : null;
      });
      assertNotNull(status, "the LAN status shows no error: " + TestHost.statusOrNull(host));
      assertTrue(status.getString("lastError", "").contains("token"), "lastError says what is wrong: " + status);

      // Three more heartbeats are refused; still one line, one alert.
      List<Instant> refusals = new ArrayList<>();
      TestHost.until(host.vertx(), Duration.ofSeconds(10), () -> {
        Instant t = host.state().lastContactAt();
        if (refusals.isEmpty() || !refusals.get(refusals.size() - 1).equals(t)) {
          refusals.add(t);
        }
        return refusals.size() > 3 ? refusals : null;
      });
      assertTrue(refusals.size() > 3, "the host kept sending heartbeats: " + refusals);
      assertEquals("error", TestHost.status(host).getString("syncStatus"));
      List<LogRecord> lines;
      synchronized (capture) {
        lines = List.copyOf(records);
      }
      assertEquals(1, lines.size(), "one log line for the refused token, not one per heartbeat: "
          + lines.stream().map(LogRecord::getMessage).toList());
      assertEquals(Level.SEVERE, lines.get(0).getLevel());
      String msg = lines.get(0).getMessage();
      assertTrue(msg.contains("rotate") && msg.contains("token"), "says what to do: " + msg);
      assertTrue(msg.contains(dir.resolve("token").toString()), "names the token file: " + msg);
      assertEquals(alertsBefore + 1, Metrics.registry().counter(Metrics.HOST_ALERTS, "alert", "token_refused").count(),
          "the alert metric is raised once");
    } finally {
      possync.removeHandler(capture);
    }
  }
}
