package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.config.HostConfig;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.MutableClock;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host against the real cloud (real PostgreSQL) with a real SQLite file: the seed's sync rules end to end. */
class HostSyncTest {

  static int port;
  static TestCloud cloud;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    port = TestHost.freePort();
    cloud = TestCloud.start(HostSyncTest.class, new JsonObject().put("httpPort", port));
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  static void sql(String s) {
    cloud.sql(s);
  }

  record Site(UUID property, ServiceHostRegistry.Registration host, JsonObject file) {
  }

  static Site site(String name) {
    JsonObject f = cloud.importProperty(name);
    UUID p = TestCloud.propertyId(f);
    return new Site(p, cloud.register(p, name + " host"), f);
  }

  HostConfig conf(Site s, int heartbeatSeconds) throws Exception {
    return TestHost.config(dir, s.property(), s.host().serviceHostId(), cloud.base(), s.host().token(),
        heartbeatSeconds);
  }

  static String syncStatusInFile(HostConfig c) {
    try (Connection sqlite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + c.dataDir().resolve("cache.db"));
         Statement st = sqlite.createStatement();
         java.sql.ResultSet rs = st.executeQuery("SELECT sync_status FROM sync_state WHERE id = 1")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void firstBootFullSyncThenPushedChangesAndUrgentOnesArriveByDelta() throws Exception {
    Site s = site("Boot Bistro");
    try (HostRuntime host = TestHost.start(conf(s, 120), Clock.systemUTC())) {
      ConfigSnapshot first = TestHost.await(host, x -> x.version() == cloud.version(s.property()));
      assertEquals(cloud.version(s.property()), first.version(), "first boot: full sync");
      assertEquals(40, first.table("menu_items").size());
      assertEquals(200, TestHost.ready(host));
      // The snapshot is served the moment its apply commits; the sync manager marks the sync finished just after,
      // on its own context, so the status is read once it has settled (or as it stands at the deadline).
      JsonObject settled = TestHost.until(host.vertx(), Duration.ofSeconds(10), () -> {
        JsonObject st = TestHost.statusOrNull(host);
        return st != null && !"syncing".equals(st.getString("syncStatus")) ? st : null;
      });
      JsonObject status = settled != null ? settled : TestHost.status(host);
      assertEquals(s.property().toString(), status.getString("propertyId"));
      assertEquals(first.version(), status.getInteger("appliedVersion"));
      assertEquals(cloud.cloud.db().epoch(), status.getString("epoch"));
      assertNotNull(status.getString("lastFullSyncAt"));
      assertEquals("synced", status.getString("syncStatus"));
      assertTrue(status.getBoolean("cloudReachable"));

      // A change in the cloud reaches the host by push and delta, long before the 2-minute heartbeat, and the new
      // snapshot is published on the event bus for the service controllers.
      java.util.concurrent.CompletableFuture<ConfigSnapshot> published = new java.util.concurrent.CompletableFuture<>();
      host.vertx().eventBus().<ConfigSnapshot>consumer(io.possync.core.Addresses.HOST_CONFIG,
          m -> published.complete(m.body()));
      String item = first.table("menu_items").keySet().iterator().next();
      sql("UPDATE menu_items SET price_cents = 4321 WHERE id = '" + item + "'");
      ConfigSnapshot next = TestHost.await(host, x -> x.row("menu_items", item).get().getInteger("priceCents") == 4321);
      assertEquals(4321, next.row("menu_items", item).get().getInteger("priceCents"));
      assertEquals(first.lastFullSyncAt(), next.lastFullSyncAt(), "a delta, not a full sync");
      assertTrue(published.get(5, java.util.concurrent.TimeUnit.SECONDS).version() > first.version());

      // An employee terminated: urgent, and in the host's config at once.
      String emp = first.table("employees").values().stream().filter(e -> e.getBoolean("active")).findFirst()
          .orElseThrow().getString("id");
      sql("UPDATE employees SET active = false WHERE id = '" + emp + "'");
      ConfigSnapshot after = TestHost.await(host, x -> !x.row("employees", emp).get().getBoolean("active"));
      assertFalse(after.row("employees", emp).get().getBoolean("active"));
    }
  }

  @Test
  void theCacheFileHoldsNoPlaintextAndAWrongTokenOpensNothing() throws Exception {
    Site s = site("Secret Supper");
    HostConfig c = conf(s, 120);
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      TestHost.await(host, x -> x.version() == cloud.version(s.property()));
    }
    byte[] db = Files.readAllBytes(c.dataDir().resolve("cache.db"));
    String raw = new String(db, StandardCharsets.ISO_8859_1);
    JsonObject item = s.file().getJsonArray("menuItems").getJsonObject(0);
    JsonObject emp = s.file().getJsonArray("employees").getJsonObject(0);
    for (String secret : new String[] {item.getString("name"), "\"priceCents\":" + item.getLong("priceCents"),
        emp.getString("pinHash"), emp.getString("lastName"), "$2a$", "Harbor Restaurant Group"}) {
      assertFalse(raw.contains(secret), "the cache file shows " + secret);
    }
    long size = Files.size(c.dataDir().resolve("cache.db"));
    Files.writeString(c.tokenFile(), "not-the-token");
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> TestHost.start(c, Clock.systemUTC()));
    assertTrue(e.getMessage().contains("token does not open this cache"), e.getMessage());
    assertEquals(size, Files.size(c.dataDir().resolve("cache.db")), "nothing destroyed");
    Files.writeString(c.tokenFile(), s.host().token());
    try (HostRuntime again = TestHost.start(c, Clock.systemUTC())) {
      assertEquals(cloud.version(s.property()), again.config().current().version(), "the right token opens it");
    }
  }

  @Test
  void withTheCloudDownTheHostRestartsFromItsCacheAndCatchesUpWhenItIsBack() throws Exception {
    Site s = site("Outage Oyster Bar");
    HostConfig c = conf(s, 1);
    int v;
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      v = TestHost.await(host, x -> x.version() == cloud.version(s.property())).version();
    }
    TestCloud down = cloud;
    down.stopNode(); // the store's internet is down
    try {
      try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
        assertEquals(200, TestHost.ready(host), "ready from the cache with the cloud down");
        assertEquals(v, host.config().current().version());
        TestHost.until(host.vertx(), Duration.ofSeconds(5),
            () -> Boolean.FALSE.equals(TestHost.statusValue(host, "cloudReachable")) ? true : null);
        assertFalse(TestHost.status(host).getBoolean("cloudReachable"));
        TestHost.until(host.vertx(), Duration.ofSeconds(10),
            () -> "error".equals(TestHost.statusValue(host, "syncStatus")) ? true : null);
        assertEquals("error", TestHost.status(host).getString("syncStatus"), "retries exhausted");
        TestHost.until(host.vertx(), Duration.ofSeconds(5), () -> "error".equals(syncStatusInFile(c)) ? true : null);
        assertEquals("error", syncStatusInFile(c), "sync_state says so too");
        sql("UPDATE tenders SET name = 'Cash (offline edit)' WHERE property_id = '" + s.property() + "' AND code = 'CASH'");
        cloud = TestCloud.on(down.db, new JsonObject().put("httpPort", port)).takeDatabaseFrom(down); // back
        ConfigSnapshot caught = TestHost.await(host, x -> x.version() == cloud.version(s.property()));
        assertEquals(cloud.version(s.property()), caught.version(), "caught up");
        assertTrue(caught.table("tenders").values().stream().anyMatch(t -> t.getString("name").equals("Cash (offline edit)")));
      }
    } finally {
      if (cloud == down) { // failed before the cloud came back: bring it back for the other tests
        cloud = TestCloud.on(down.db, new JsonObject().put("httpPort", port)).takeDatabaseFrom(down);
      }
    }
  }

  @Test
  void moreThan24HoursOfflineOrAGapOver100GivesAFullSync() throws Exception {
    Site s = site("Long Gone Grill");
    HostConfig c = conf(s, 120);
    MutableClock clock = new MutableClock();
    Instant firstFull;
    try (HostRuntime host = TestHost.start(c, clock)) {
      firstFull = TestHost.await(host, x -> x.version() == cloud.version(s.property())).lastFullSyncAt();
    }
    // 101 versions while the host is off: a delta would exceed the gap of 100.
    for (int i = 0; i < 101; i++) {
      sql("UPDATE tenders SET name = 'Cash " + i + "' WHERE property_id = '" + s.property() + "' AND code = 'CASH'");
    }
    Instant secondFull;
    try (HostRuntime host = TestHost.start(c, clock)) {
      ConfigSnapshot x = TestHost.await(host, y -> y.version() == cloud.version(s.property()));
      assertEquals(cloud.version(s.property()), x.version());
      assertTrue(x.lastFullSyncAt().isAfter(firstFull), "gap over 100: full sync");
      secondFull = x.lastFullSyncAt();
    }
    clock.advance(Duration.ofHours(25));
    try (HostRuntime host = TestHost.start(c, clock)) {
      ConfigSnapshot x = TestHost.await(host, y -> y.lastFullSyncAt().isAfter(secondFull.plus(Duration.ofHours(24))));
      assertTrue(x.lastFullSyncAt().isAfter(secondFull.plus(Duration.ofHours(24))),
          "more than 24 hours offline: full sync although nothing changed");
    }
  }

  @Test
  void aDriftedCacheRowIsRepairedThroughTheChecksums() throws Exception {
    Site s = site("Drift Diner");
    HostConfig c = conf(s, 1);
    String lost;
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      ConfigSnapshot x = TestHost.await(host, y -> y.version() == cloud.version(s.property()));
      lost = x.table("modifiers").keySet().iterator().next();
    }
    // Damage the cache behind the host's back: one row goes missing.
    try (Connection sqlite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + c.dataDir().resolve("cache.db"));
         Statement st = sqlite.createStatement()) {
      assertEquals(1, st.executeUpdate("DELETE FROM config_cache WHERE entity_type = 'modifiers' AND entity_id = '"
          + lost + "'"));
    }
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      assertTrue(host.config().current().row("modifiers", lost).isEmpty());
      ConfigSnapshot fixed = TestHost.await(host, y -> y.row("modifiers", lost).isPresent());
      assertTrue(fixed.row("modifiers", lost).isPresent(), "repaired from the cloud");
      assertEquals(cloud.version(s.property()), fixed.version());
    }
  }

  @Test
  void queuedOfflineTransactionsAreUploadedAndStoredSealed() throws Exception {
    Site s = site("Queue Quay");
    HostConfig c = conf(s, 1);
    UUID t1 = UUID.randomUUID();
    UUID t2 = UUID.randomUUID();
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      TestHost.await(host, y -> y.version() == cloud.version(s.property()));
      var queue = host.transactions(Clock.systemUTC());
      queue.enqueue(new JsonObject().put("id", t1.toString()).put("note", "Table 12 birthday party").put("totalCents", 18250))
          .await();
      queue.enqueue(new JsonObject().put("id", t2.toString()).put("note", "Walk-in").put("totalCents", 950)).await();
      String both = "SELECT count(*) FROM offline_transactions WHERE id IN ('" + t1 + "', '" + t2 + "')";
      Integer stored = TestHost.until(host.vertx(), Duration.ofSeconds(15), () -> {
        int n = cloud.pool().query(both).execute().toCompletionStage().toCompletableFuture().join().iterator().next()
            .getInteger(0);
        return n == 2 ? n : null;
      });
      assertEquals(2, stored, "uploaded to the cloud");
      TestHost.until(host.vertx(), Duration.ofSeconds(5),
          () -> Integer.valueOf(0).equals(TestHost.statusValue(host, "pendingTransactions")) ? true : null);
      assertEquals(0, TestHost.status(host).getInteger("pendingTransactions"));
    }
    String raw = new String(Files.readAllBytes(c.dataDir().resolve("cache.db")), StandardCharsets.ISO_8859_1);
    assertFalse(raw.contains("Table 12 birthday party"), "queued check content is sealed");
  }

  @Test
  void aTokenRotationRewrapsTheDataKey() throws Exception {
    Site s = site("Rotation Rooftop");
    HostConfig c = conf(s, 120);
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      TestHost.await(host, y -> y.version() == cloud.version(s.property()));
    }
    // The operator rotates the token, keeps the old one as token.previous and writes the new one.
    String newToken = new ServiceHostRegistry().rotate(cloud.pool(), s.host().serviceHostId()).await();
    Path previous = c.tokenFile().resolveSibling("token.previous");
    Files.move(c.tokenFile(), previous);
    Files.writeString(c.tokenFile(), newToken);
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      assertFalse(Files.exists(previous), "the old token is no longer needed, nor kept");
      assertEquals(cloud.version(s.property()), host.config().current().version(), "the data, under the new token");
      TestHost.await(host, y -> TestHost.statusOrNull(host) != null
          && Boolean.TRUE.equals(TestHost.statusOrNull(host).getBoolean("cloudReachable")));
      assertTrue(TestHost.status(host).getBoolean("cloudReachable"), "the new token is accepted by the cloud");
    }
    // The old token no longer opens the cache.
    Files.writeString(c.tokenFile(), s.host().token());
    RuntimeException old = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> TestHost.start(c, Clock.systemUTC()));
    assertTrue(old.getMessage().contains("token does not open this cache"), old.getMessage());
  }

  @Test
  void anEpochChangeGivesAFullSync() throws Exception {
    Site s = site("Epoch Eatery");
    HostConfig c = conf(s, 1);
    try (HostRuntime host = TestHost.start(c, Clock.systemUTC())) {
      TestHost.await(host, y -> y.version() == cloud.version(s.property()));
      String newEpoch = UUID.randomUUID().toString();
      sql("UPDATE possync_meta SET value = '" + newEpoch + "' WHERE key = 'epoch'"); // a restored database
      try {
        ConfigSnapshot x = TestHost.await(host, y -> newEpoch.equals(y.epoch()));
        assertEquals(newEpoch, x.epoch());
      } finally {
        sql("UPDATE possync_meta SET value = '" + cloud.cloud.db().epoch() + "' WHERE key = 'epoch'");
      }
      assertNotEquals(null, host.config().current());
    }
  }
}
