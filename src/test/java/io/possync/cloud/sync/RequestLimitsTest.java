package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.LogCapture;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No request can stall a node: bodies are limited per endpoint, checksum keys are checked against the catalog, and
 * nothing a request carries makes the event loop work more than linearly. The node runs one HTTP instance, so a
 * blocked event loop would block every other client of it (the Vert.x blocked-thread checker says so in the log).
 */
class RequestLimitsTest {

  static TestCloud cloud;
  static UUID property;
  static ServiceHostRegistry.Registration host;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(RequestLimitsTest.class, new JsonObject().put("httpInstances", 1));
    property = TestCloud.propertyId(cloud.importProperty("Limits Place"));
    host = cloud.register(property, "Limits office");
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  String heartbeatPath() {
    return "/api/service-hosts/" + host.serviceHostId() + "/heartbeat";
  }

  /** A heartbeat at the cloud's current version (so checksums are compared) with {@code keys} made-up keys. */
  String heartbeatWithMadeUpKeys(int keys) {
    StringBuilder sb = new StringBuilder(keys * 14 + 200).append("{\"appliedVersion\":")
        .append(cloud.version(property)).append(",\"epoch\":\"").append(cloud.cloud.db().epoch())
        .append("\",\"checksums\":{");
    for (int i = 0; i < keys; i++) {
      sb.append(i == 0 ? "" : ",").append(String.format("\"k%07d\":0", i));
    }
    return sb.append("}}").toString();
  }

  @Test
  void aHugeHeartbeatIsRefusedAndTheNodeKeepsAnsweringMeanwhile() throws Exception {
    String huge = heartbeatWithMadeUpKeys(120_000);
    assertTrue(huge.length() > 1_500_000, "the 1.5 MB heartbeat of the report");
    try (LogCapture blocked = LogCapture.of("io.vertx.core.impl.BlockedThreadChecker")) {
      CompletableFuture<HttpResponse<String>> big = cloud.http.sendAsync(HttpRequest.newBuilder(
              URI.create(cloud.base() + heartbeatPath())).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + host.token()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, cloud.get("/ready", null).statusCode(), "/ready answers while the big heartbeat is handled");
      HttpResponse<String> r = big.get();
      assertTrue(r.statusCode() == 413 || r.statusCode() == 400, r.statusCode() + " " + r.body());
      assertTrue(new JsonObject(r.body()).containsKey("error"), r.body());
      assertEquals(200, cloud.get("/ready", null).statusCode());
      assertEquals(java.util.List.of(), blocked.atLeast(Level.WARNING).stream().map(x -> x.getMessage()).toList(),
          "the event loop was never blocked");
    }
  }

  @Test
  void unknownChecksumKeysAre400NamingTheField() {
    HttpResponse<String> r = cloud.send("POST", heartbeatPath(), host.token(), heartbeatWithMadeUpKeys(3));
    assertEquals(400, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("invalid", body.getString("error"));
    assertEquals("checksums", body.getString("field"));
  }

  @Test
  void eachEndpointTakesTheBodyItNeedsAndNoMore() {
    String pad = "x".repeat(70 * 1024);
    HttpResponse<String> beat = cloud.send("POST", heartbeatPath(), host.token(),
        new JsonObject().put("lastError", pad).encode());
    assertEquals(413, beat.statusCode(), "a heartbeat is a few KB: 70 KB is refused");
    assertEquals("too_large", new JsonObject(beat.body()).getString("error"));

    HttpResponse<String> put = cloud.admin("PUT", "/api/admin/properties/" + property + "/menu_items/"
        + UUID.randomUUID(), new JsonObject().put("name", "y".repeat(1100 * 1024)));
    assertEquals(413, put.statusCode(), "an admin PUT is one row: 1.1 MB is refused");

    // A batch of transactions may be a few MB: 2 MB is taken (and answered), not refused for its size.
    io.vertx.core.json.JsonArray txs = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < 200; i++) {
      txs.add(new JsonObject().put("id", UUID.randomUUID().toString()).put("note", "z".repeat(10 * 1024)));
    }
    HttpResponse<String> batch = cloud.send("POST", "/api/sync/transactions", host.token(),
        new JsonObject().put("transactions", txs).encode());
    assertEquals(200, batch.statusCode(), batch.body());
  }
}
