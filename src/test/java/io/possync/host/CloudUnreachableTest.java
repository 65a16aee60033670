package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.Addresses;
import io.possync.core.metrics.Metrics;
import io.possync.support.TestHost;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cloud that drops every connection (a real socket on loopback, closed on each request): the host retries with
 * backoff at most 5 times, then raises an alert (event bus, metric, one ERROR line) and tries again later.
 */
class CloudUnreachableTest {

  @TempDir
  Path dir;

  @Test
  void fiveRetriesThenAnAlertThenTryAgainLater() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicInteger fullAttempts = new AtomicInteger();
    AtomicInteger allAttempts = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      allAttempts.incrementAndGet();
      if (req.path().equals("/api/sync/config/full")) {
        fullAttempts.incrementAndGet();
      }
      req.connection().close(); // the network fails mid-request
    }).listen(0, "127.0.0.1").await();
    try {
      var conf = TestHost.config(dir, UUID.randomUUID(), UUID.randomUUID(), "http://127.0.0.1:" + server.actualPort(),
          "token", 2);
      try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
        CompletableFuture<JsonObject> alert = new CompletableFuture<>();
        host.vertx().eventBus().<JsonObject>consumer(Addresses.HOST_ALERT, m -> alert.complete(m.body()));
        JsonObject a = alert.get(15, TimeUnit.SECONDS);
        assertNotNull(a);
        assertEquals("cloud_unreachable", a.getString("alert"));
        assertTrue(fullAttempts.get() == 6 || a.getString("message").startsWith("heartbeat"),
            "the first full sync: one try and 5 retries, then the alert (" + fullAttempts.get() + " tries)");
        assertTrue(Metrics.registry().get(Metrics.HOST_ALERTS).tag("alert", "cloud_unreachable").counter().count() >= 1);
        assertEquals(503, TestHost.ready(host), "nothing to serve yet, and nothing made up");
        int before = allAttempts.get();
        TestHost.until(host.vertx(), java.time.Duration.ofSeconds(10), () -> allAttempts.get() > before ? true : null);
        assertTrue(allAttempts.get() > before, "keeps trying (heartbeats) after the alert");
      }
    } finally {
      vertx.close().await();
    }
  }
}
