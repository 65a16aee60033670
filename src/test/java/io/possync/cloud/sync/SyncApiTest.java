package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.Compactor;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.catalog.Catalog;
import io.possync.core.wire.Checksums;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The host-facing sync API over real HTTP on loopback, against a real PostgreSQL. */
class SyncApiTest {

  static TestCloud cloud;
  static UUID north;
  static UUID south;
  static ServiceHostRegistry.Registration northHost;
  static ServiceHostRegistry.Registration southHost;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(SyncApiTest.class, new JsonObject().put("maxDeltaGap", 20).put("maxDeltaChanges", 30));
    north = TestCloud.propertyId(cloud.importProperty("Api North"));
    south = TestCloud.propertyId(cloud.importProperty("Api South"));
    northHost = cloud.register(north, "North office");
    southHost = cloud.register(south, "South office");
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  static void sql(String s) {
    cloud.sql(s);
  }

  @Test
  void fullSyncServesTheWholePropertyWithEtagAndGzip() throws Exception {
    HttpResponse<String> r = cloud.get("/api/sync/config/full", northHost.token());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject p = new JsonObject(r.body());
    assertEquals(north.toString(), p.getString("propertyId"));
    assertEquals(cloud.version(north), p.getInteger("version"));
    assertEquals(cloud.cloud.db().epoch(), p.getString("epoch"));
    assertNotNull(p.getString("timestamp"));
    assertEquals(40, p.getJsonArray("menuItems").size());
    assertFalse(r.body().contains("authToken"));
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertEquals("\"" + p.getString("epoch") + ":" + p.getInteger("version") + "\"", etag);

    HttpResponse<String> again = cloud.get("/api/sync/config/full", northHost.token(), "If-None-Match", etag);
    assertEquals(304, again.statusCode());

    HttpResponse<byte[]> gz = cloud.getBytes("/api/sync/config/full", northHost.token(), "Accept-Encoding", "gzip");
    assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
    byte[] plain = new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes();
    JsonObject unzipped = new JsonObject(new String(plain, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(p, unzipped, "the same payload, served from the cache");
    assertTrue(gz.body().length < r.body().length() / 3);
    String metrics = cloud.get("/metrics", null).body();
    assertTrue(metrics.contains("possync_sync_full_served_total{result=\"cached\"}"), "a repeat is not rebuilt");

    // A change makes a new version and a new ETag.
    sql("UPDATE tenders SET name = name || '!' WHERE property_id = '" + north + "'");
    HttpResponse<String> changed = cloud.get("/api/sync/config/full", northHost.token(), "If-None-Match", etag);
    assertEquals(200, changed.statusCode());
    assertEquals(p.getInteger("version") + 1, new JsonObject(changed.body()).getInteger("version"));
  }

  @Test
  void deltaCarriesTheChangesInVersionOrder() throws Exception {
    int v0 = cloud.version(south);
    String item = new JsonObject(cloud.get("/api/sync/config/full", southHost.token()).body())
        .getJsonArray("menuItems").getJsonObject(0).getString("id");
    sql("UPDATE menu_items SET price_cents = 777 WHERE id = '" + item + "'");
    String link;
    try (Connection c = cloud.jdbc(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id FROM menu_item_modifier_groups WHERE menu_item_id = '" + item + "' LIMIT 1")) {
      rs.next();
      link = rs.getString(1);
    }
    sql("DELETE FROM menu_item_modifier_groups WHERE id = '" + link + "'");

    HttpResponse<String> r = cloud.get("/api/sync/config/delta?since=" + v0, southHost.token());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject d = new JsonObject(r.body());
    assertEquals(v0, d.getInteger("fromVersion"));
    assertEquals(v0 + 2, d.getInteger("toVersion"));
    assertEquals(cloud.cloud.db().epoch(), d.getString("epoch"));
    JsonArray changes = d.getJsonArray("changes");
    assertEquals(2, changes.size());
    JsonObject update = changes.getJsonObject(0);
    assertEquals(v0 + 1, update.getInteger("version"));
    assertEquals("menu_items", update.getString("entityType"));
    assertEquals("UPDATE", update.getString("operation"));
    assertEquals(777, update.getJsonObject("data").getInteger("priceCents"), "camelCase fields");
    assertNotNull(update.getString("changedAt"));
    JsonObject delete = changes.getJsonObject(1);
    assertEquals(v0 + 2, delete.getInteger("version"));
    assertEquals("DELETE", delete.getString("operation"));
    assertEquals(link, delete.getString("entityId"));
    assertNull(delete.getValue("data"));

    HttpResponse<byte[]> zipped = cloud.getBytes("/api/sync/config/delta?since=" + v0, southHost.token(),
        "Accept-Encoding", "gzip");
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""), "deltas are gzipped when asked");
    assertEquals(d.getJsonArray("changes"), new JsonObject(new String(new GZIPInputStream(new ByteArrayInputStream(
        zipped.body())).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).getJsonArray("changes"));

    JsonObject none = new JsonObject(cloud.get("/api/sync/config/delta?since=" + (v0 + 2), southHost.token()).body());
    assertEquals(0, none.getJsonArray("changes").size());
    assertEquals(400, cloud.get("/api/sync/config/delta?since=abc", southHost.token()).statusCode());
  }

  static JsonObject gone(HttpResponse<String> r) {
    assertEquals(410, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals("full_sync_required", body.getString("error"));
    return body;
  }

  @Test
  void historyThatIsNotThereAnswers410WithTheReason() throws Exception {
    JsonObject f = cloud.importProperty("Api Gone");
    UUID p = TestCloud.propertyId(f);
    ServiceHostRegistry.Registration host = cloud.register(p, "Gone office");
    int v = cloud.version(p);

    JsonObject ahead = gone(cloud.get("/api/sync/config/delta?since=" + (v + 5), host.token()));
    assertEquals("ahead_of_cloud", ahead.getString("reason"));
    assertEquals(v, ahead.getInteger("currentVersion"));

    // maxDeltaChanges is 30 here: one transaction changing all 40 items is too large for a delta.
    sql("UPDATE menu_items SET price_cents = price_cents + 1 WHERE property_id = '" + p + "'");
    assertEquals("too_large", gone(cloud.get("/api/sync/config/delta?since=" + v, host.token())).getString("reason"));

    // maxDeltaGap is 20: 21 versions behind is a gap.
    int before = cloud.version(p);
    for (int i = 0; i < 21; i++) {
      sql("UPDATE tenders SET name = 'Cash " + i + "' WHERE property_id = '" + p + "' AND code = 'CASH'");
    }
    assertEquals("version_gap", gone(cloud.get("/api/sync/config/delta?since=" + before, host.token()))
        .getString("reason"));
    assertEquals(200, cloud.get("/api/sync/config/delta?since=" + (before + 1), host.token()).statusCode());

    // Compaction drops old tombstones: history below the new minimum is gone.
    sql("DELETE FROM order_device_kds WHERE property_id = '" + p + "'");
    new Compactor(Duration.ZERO, Duration.ZERO).compact(cloud.pool(), p).await();
    JsonObject compacted = gone(cloud.get("/api/sync/config/delta?since=" + (before + 1), host.token()));
    assertEquals("compacted", compacted.getString("reason"));
  }

  @Test
  void tokensAreCheckedAndScoped() throws Exception {
    assertEquals(401, cloud.get("/api/sync/config/full", null).statusCode());
    assertEquals(401, cloud.get("/api/sync/config/full", "not-a-token").statusCode());
    HttpResponse<String> forbidden = cloud.get("/api/sync/config/full?propertyId=" + south, northHost.token());
    assertEquals(403, forbidden.statusCode());
    assertEquals("forbidden", new JsonObject(forbidden.body()).getString("error"));
    assertEquals(403, cloud.get("/api/sync/config/delta?since=1&propertyId=" + north, southHost.token()).statusCode());
    assertEquals(403, cloud.send("POST", "/api/service-hosts/" + southHost.serviceHostId() + "/heartbeat",
        northHost.token(), "{}").statusCode(), "a host heartbeats only for itself");

    ServiceHostRegistry.Registration spare = cloud.register(north, "Spare");
    assertEquals(200, cloud.get("/api/sync/config/full", spare.token()).statusCode());
    String rotated = new ServiceHostRegistry().rotate(cloud.pool(), spare.serviceHostId()).await();
    assertEquals(401, eventually(() -> cloud.get("/api/sync/config/full", spare.token()).statusCode(), 401),
        "a rotated token stops working");
    assertEquals(200, cloud.get("/api/sync/config/full", rotated).statusCode());
    sql("UPDATE service_hosts SET active = false WHERE id = '" + spare.serviceHostId() + "'");
    assertEquals(401, eventually(() -> cloud.get("/api/sync/config/full", rotated).statusCode(), 401),
        "a deactivated host is refused");
  }

  /** The value once it is as expected (cache invalidation travels through PostgreSQL NOTIFY), or after 5 s. */
  int eventually(java.util.function.IntSupplier s, int expected) {
    Integer v = io.possync.support.TestHost.until(cloud.cloud.vertx(), java.time.Duration.ofSeconds(5), () -> {
      int x = s.getAsInt();
      return x == expected ? x : null;
    });
    return v != null ? v : s.getAsInt();
  }

  JsonObject heartbeat(ServiceHostRegistry.Registration host, JsonObject body) {
    HttpResponse<String> r = cloud.send("POST", "/api/service-hosts/" + host.serviceHostId() + "/heartbeat",
        host.token(), body.encode());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  @Test
  void heartbeatsRecordHealthAndSayWhatSyncIsDue() throws Exception {
    JsonObject f = cloud.importProperty("Api Beat");
    UUID p = TestCloud.propertyId(f);
    ServiceHostRegistry.Registration host = cloud.register(p, "Beat office");
    String epoch = cloud.cloud.db().epoch();
    int v = cloud.version(p);

    JsonObject first = heartbeat(host, new JsonObject().put("cpuPercent", 12.5).put("memoryPercent", 40)
        .put("diskPercent", 55).put("connectionMode", "online").put("pendingTransactions", 3));
    assertEquals("full", first.getString("sync"));
    assertEquals("first_sync", first.getString("reason"));
    assertEquals(v, first.getInteger("currentVersion"));
    assertEquals(epoch, first.getString("epoch"));
    try (Connection c = cloud.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT cpu_percent, memory_percent, disk_percent, connection_mode, pending_transactions "
            + "FROM service_host_metrics WHERE service_host_id = '" + host.serviceHostId() + "'")) {
      assertTrue(rs.next());
      assertEquals(12.5f, rs.getFloat(1));
      assertEquals("online", rs.getString(4));
      assertEquals(3, rs.getInt(5));
    }

    assertEquals("delta", heartbeat(host, new JsonObject().put("appliedVersion", v - 1).put("epoch", epoch))
        .getString("sync"));
    assertEquals("epoch_changed", heartbeat(host, new JsonObject().put("appliedVersion", v).put("epoch", "other"))
        .getString("reason"));
    JsonObject held = heartbeat(host, new JsonObject().put("appliedVersion", v - 1).put("epoch", epoch)
        .put("lastRejectedVersion", v).put("lastRejectedReason", "dangling reference"));
    assertEquals("none", held.getString("sync"), "a version the host rejected is not offered again");
    assertEquals("rejected_version", held.getString("reason"));

    // Checksums at the current version: equal says nothing to do; a drifted entity type is named for repair.
    JsonObject payload = new JsonObject(cloud.get("/api/sync/config/full", host.token()).body());
    Map<String, Checksums.Sum> sums = Checksums.of(Catalog.get(), payload);
    JsonObject good = Checksums.toJson(sums);
    JsonObject ok = heartbeat(host, new JsonObject().put("appliedVersion", v).put("epoch", epoch).put("checksums", good));
    assertEquals("none", ok.getString("sync"));
    assertEquals(0, ok.getJsonArray("repair").size());
    JsonObject drifted = good.copy();
    drifted.put("menuItems", new Checksums.Sum(sums.get("menuItems").count(), sums.get("menuItems").sum() + 1).toJson());
    JsonObject fix = heartbeat(host, new JsonObject().put("appliedVersion", v).put("epoch", epoch).put("checksums", drifted));
    assertEquals("repair", fix.getString("sync"));
    assertEquals(new JsonArray().add("menuItems"), fix.getJsonArray("repair"));

    JsonObject bad = new JsonObject(cloud.send("POST", "/api/service-hosts/" + host.serviceHostId() + "/heartbeat",
        host.token(), "{\"cpuPercent\": \"high\"}").body());
    assertEquals("invalid", bad.getString("error"));
    assertEquals("cpuPercent", bad.getString("field"));
  }

  @Test
  void offlineTransactionsAreStoredOnceById() throws Exception {
    UUID t1 = UUID.randomUUID();
    UUID t2 = UUID.randomUUID();
    JsonObject batch = new JsonObject().put("transactions", new JsonArray()
        .add(new JsonObject().put("id", t1.toString()).put("totalCents", 1250).put("closedAt", "2026-11-24T12:00:00Z"))
        .add(new JsonObject().put("id", t2.toString()).put("totalCents", 980)));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = cloud.send("POST", "/api/sync/transactions", northHost.token(), batch.encode());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(2, new JsonObject(r.body()).getJsonArray("accepted").size());
    }
    try (Connection c = cloud.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT count(*), min(property_id::text) FROM offline_transactions WHERE id IN ('" + t1 + "', '" + t2 + "')")) {
      rs.next();
      assertEquals(2, rs.getInt(1), "sent twice, stored once");
      assertEquals(north.toString(), rs.getString(2));
    }
    // Another property's host cannot overwrite them.
    HttpResponse<String> r = cloud.send("POST", "/api/sync/transactions", southHost.token(), batch.encode());
    JsonObject answer = new JsonObject(r.body());
    assertEquals(0, answer.getJsonArray("accepted").size());
    assertEquals(2, answer.getJsonArray("rejected").size());
  }

  @Test
  void badRequestsGetJsonErrorsAndNoStackTrace() {
    String url = "/api/service-hosts/" + northHost.serviceHostId() + "/heartbeat";
    HttpResponse<String> malformed = cloud.send("POST", url, northHost.token(), "{not json");
    assertEquals(400, malformed.statusCode());
    assertEquals("bad_json", new JsonObject(malformed.body()).getString("error"));
    HttpResponse<String> big = cloud.send("POST", "/api/sync/transactions", northHost.token(),
        "{\"transactions\": [\"" + "x".repeat(9 * 1024 * 1024) + "\"]}");
    assertEquals(413, big.statusCode());
    assertEquals("too_large", new JsonObject(big.body()).getString("error"));
    HttpResponse<String> missing = cloud.get("/api/nothing/here", null);
    assertEquals(404, missing.statusCode());
    assertEquals("not_found", new JsonObject(missing.body()).getString("error"));
    for (HttpResponse<String> r : new HttpResponse[] {malformed, big, missing}) {
      assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }
  }

  @Test
  void oneNodeBuildsOnlyAsManySnapshotsAsAllowed() {
    SnapshotCache limited = new SnapshotCache(cloud.cloud.vertx(), cloud.pool(), Catalog.get(), 1, 1 << 30);
    String epoch = cloud.cloud.db().epoch();
    var first = limited.get(north, 1, epoch);
    var second = limited.get(south, 1, epoch);
    Throwable err = assertThrowsFuture(second);
    assertTrue(err instanceof io.possync.core.error.PossyncException f && f.code() == io.possync.core.error.ErrorCode.BUSY,
        String.valueOf(err));
    assertTrue(((io.possync.core.error.PossyncException) err).retryAfterSeconds() >= 1);
    assertEquals(north, first.await().propertyId);
    assertEquals(south, limited.get(south, 1, epoch).await().propertyId, "once the first build is done, the next may run");
    assertArrayEquals(limited.get(north, 1, epoch).await().json.getBytes(), limited.cached(north,
        limited.get(north, 1, epoch).await().version, epoch).json.getBytes());
  }

  static Throwable assertThrowsFuture(io.vertx.core.Future<?> f) {
    try {
      f.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }
}
