package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.config.HostConfig;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestHost;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cloud that answers badly (the one thing here that is not the real cloud: a real HTTP server on loopback that
 * answers what each test sets). A bad answer is skipped and reported; nothing of it is applied.
 */
class InvalidResponseTest {

  @TempDir
  Path dir;
  Vertx vertx;
  HttpServer server;
  final AtomicReference<String> full = new AtomicReference<>();
  final AtomicReference<String> delta = new AtomicReference<>();
  final AtomicReference<JsonObject> lastHeartbeat = new AtomicReference<>();
  final AtomicInteger fullCalls = new AtomicInteger();
  final AtomicInteger deltaCalls = new AtomicInteger();
  JsonObject payload;
  UUID property;
  final String epoch = UUID.randomUUID().toString();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    payload = new PropertyGenerator("Fake Cloud Cafe", new PropertyGenerator.Size(20, 10, 4, 20, 4, 2, 4)).generate();
    property = UUID.fromString(payload.getJsonObject("property").getString("id"));
    payload.put("version", 5).put("epoch", epoch).put("propertyId", property.toString())
        .put("timestamp", Instant.now().toString());
    server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().endsWith("/heartbeat")) {
        req.body().onSuccess(b -> {
          lastHeartbeat.set(b.toJsonObject());
          req.response().end(new JsonObject().put("currentVersion", 6).put("epoch", epoch).put("sync", "delta")
              .put("repair", new JsonArray()).encode());
        });
      } else if (req.path().equals("/api/sync/config/full")) {
        fullCalls.incrementAndGet();
        req.response().end(full.get());
      } else if (req.path().equals("/api/sync/config/delta")) {
        deltaCalls.incrementAndGet();
        req.response().end(delta.get());
      } else {
        req.response().setStatusCode(404).end(); // no push channel here
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  HostConfig conf() throws Exception {
    return TestHost.config(dir, property, UUID.randomUUID(), "http://127.0.0.1:" + server.actualPort(), "token", 1);
  }

  /** Waits up to 15 s for a heartbeat that reports a refusal whose reason contains {@code words}. */
  JsonObject reported(String words) {
    JsonObject found = TestHost.until(vertx, Duration.ofSeconds(15), () -> {
      JsonObject hb = lastHeartbeat.get();
      String reason = hb == null ? null : hb.getString("lastRejectedReason");
      return reason != null && reason.contains(words) ? hb : null;
    });
    if (found != null) {
      return found;
    }
    throw new AssertionError("no heartbeat reported a refusal with '" + words + "'; last: " + lastHeartbeat.get());
  }

  static JsonObject deltaWith(UUID property, String epoch, int from, int to, JsonArray changes) {
    return new JsonObject().put("fromVersion", from).put("toVersion", to).put("propertyId", property.toString())
        .put("epoch", epoch).put("timestamp", Instant.now().toString()).put("changes", changes);
  }

  @Test
  void aTruncatedOrMalformedFullSnapshotIsSkippedAndNothingApplied() throws Exception {
    String good = payload.encode();
    full.set(good.substring(0, good.length() / 2)); // cut off mid-way
    delta.set("{}");
    try (HostRuntime host = TestHost.start(conf(), Clock.systemUTC())) {
      reported("not valid JSON");
      assertNull(host.config().current(), "nothing applied");
      assertEquals(503, TestHost.ready(host));
      // Wrong property, then a payload failing validation: both refused.
      JsonObject other = payload.copy();
      other.getJsonObject("property").put("id", UUID.randomUUID().toString());
      full.set(other.encode());
      reported("property");
      assertNull(host.config().current());
      JsonObject bad = payload.copy();
      bad.getJsonArray("menuItems").getJsonObject(0).put("priceCents", "free");
      full.set(bad.encode());
      reported("priceCents");
      assertNull(host.config().current(), "nothing applied");
      // A good payload is applied.
      full.set(good);
      ConfigSnapshot s = TestHost.await(host, x -> x.version() == 5);
      assertEquals(5, s.version());
    }
  }

  @Test
  void badDeltasAreRefusedAndTheConfigurationStaysWhole() throws Exception {
    full.set(payload.encode());
    delta.set(deltaWith(property, epoch, 5, 5, new JsonArray()).encode());
    HostConfig c = conf();
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      ConfigSnapshot s = TestHost.await(host, x -> x.version() == 5);
      String item = payload.getJsonArray("menuItems").getJsonObject(0).getString("id");
      String slu = payload.getJsonArray("slus").getJsonObject(0).getString("id");
      JsonObject changed = payload.getJsonArray("menuItems").getJsonObject(0).copy().put("priceCents", 1);

      // Version going backwards.
      delta.set(deltaWith(property, epoch, 5, 4, new JsonArray()).encode());
      reported("backwards");
      // A delete that would leave menu items pointing at a missing SLU.
      delta.set(deltaWith(property, epoch, 5, 6, new JsonArray().add(new JsonObject().put("id", UUID.randomUUID()
          .toString()).put("version", 6).put("entityType", "slus").put("entityId", slu).put("operation", "DELETE")
          .put("data", null))).encode());
      JsonObject hb = reported("reference");
      assertEquals(6, hb.getInteger("lastRejectedVersion"));
      assertEquals(5, host.config().current().version());
      assertTrue(host.config().current().row("slus", slu).isPresent());

      // Another property's delta.
      delta.set(deltaWith(UUID.randomUUID(), epoch, 5, 6, new JsonArray()).encode());
      reported("for property");
      assertEquals(s.row("menu_items", item), host.config().current().row("menu_items", item));

      // A good one applies; sent twice, it is applied once.
      delta.set(deltaWith(property, epoch, 5, 6, new JsonArray().add(new JsonObject().put("id", UUID.randomUUID()
          .toString()).put("version", 6).put("entityType", "menu_items").put("entityId", item).put("operation", "UPDATE")
          .put("data", changed))).encode());
      ConfigSnapshot after = TestHost.await(host, x -> x.version() == 6);
      assertEquals(1, after.row("menu_items", item).get().getInteger("priceCents"));
      int calls = deltaCalls.get();
      TestHost.until(vertx, Duration.ofSeconds(15), () -> deltaCalls.get() >= calls + 2 ? true : null);
      assertTrue(deltaCalls.get() >= calls + 2, "the same delta was served again");
      assertEquals(6, host.config().current().version(), "a repeat changes nothing");
      assertEquals(1, host.config().current().row("menu_items", item).get().getInteger("priceCents"));
    }
  }
}
