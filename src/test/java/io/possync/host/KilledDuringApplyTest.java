package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.wire.Checksums;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host process killed (SIGKILL) while it writes a large snapshot into its cache: on restart the cache holds the
 * previous version or the new one, whole, never a mix.
 */
class KilledDuringApplyTest {

  @TempDir
  Path dir;

  static Map<String, Checksums.Sum> sums(TestCloud cloud, UUID property) {
    return Checksums.of(Catalog.get(), new SnapshotQuery(Catalog.get()).read(cloud.pool(), property).await()
        .orElseThrow().toJson(Catalog.get(), Instant.now()));
  }

  Process startHost(Path conf) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.possync.Main", "host", "--conf", conf.toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("host.log").toFile());
    return pb.start();
  }

  @Test
  void aKillDuringALargeApplyLeavesThePreviousOrTheNewVersionWhole() throws Exception {
    try (TestCloud cloud = TestCloud.start(KilledDuringApplyTest.class, null)) {
      JsonObject f = new PropertyGenerator("Kill Kitchen", new PropertyGenerator.Size(4000, 800, 200, 8000, 60, 8, 4))
          .generate();
      UUID property = new PropertyImport(Catalog.get()).run(cloud.pool(), f, null).await().propertyId();
      ServiceHostRegistry.Registration reg = cloud.register(property, "kill host");
      var hostConf = TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 300);
      Path conf = dir.resolve("host.json");
      Files.writeString(conf, new JsonObject().put("propertyId", property.toString())
          .put("serviceHostId", reg.serviceHostId().toString()).put("cloudUrl", cloud.base())
          .put("tokenFile", hostConf.tokenFile().toString()).put("dataDir", hostConf.dataDir().toString())
          .put("heartbeatSeconds", 300).put("lan", new JsonObject().put("host", "127.0.0.1").put("port", 0))
          .encode());
      Path wal = hostConf.dataDir().resolve("cache.db-wal");

      // Version A, applied whole by a first run.
      int versionA = cloud.version(property);
      Map<String, Checksums.Sum> a = sums(cloud, property);
      Process p = startHost(conf);
      assertTrue(waitFor(() -> loaded(hostConf, reg.token()) == versionA, 60_000), "first full sync");
      p.destroyForcibly().waitFor();

      List<String> outcomes = new ArrayList<>();
      int previousVersion = versionA;
      Map<String, Checksums.Sum> previous = a;
      for (int round = 0; round < 3; round++) {
        // A change of every menu item in one transaction: too large for a delta, so the host applies a full one.
        try (Connection c = cloud.jdbc(); Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 1 WHERE property_id = '" + property + "'");
        }
        int versionB = cloud.version(property);
        Map<String, Checksums.Sum> b = sums(cloud, property);
        long walBefore = Files.exists(wal) ? Files.size(wal) : 0;
        p = startHost(conf);
        // Kill as soon as the write transaction is under way (the WAL grows), a little later each round.
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end && (!Files.exists(wal) || Files.size(wal) <= walBefore + 64 * 1024)) {
          Thread.sleep(5);
        }
        Thread.sleep(round * 40L);
        p.destroyForcibly().waitFor();

        ConfigSnapshot s = TestHost.cacheFromFile(hostConf, reg.token());
        if (s.version() == versionB) {
          assertEquals(b, s.checksums(Catalog.get()), "the new version, whole");
          outcomes.add("new");
          previousVersion = versionB;
          previous = b;
        } else {
          assertEquals(previousVersion, s.version(), "the previous version");
          assertEquals(previous, s.checksums(Catalog.get()), "the previous version, whole");
          outcomes.add("previous");
        }
      }
      // And a host left to run finishes the job.
      p = startHost(conf);
      int latest = cloud.version(property);
      assertTrue(waitFor(() -> loaded(hostConf, reg.token()) == latest, 60_000), "recovered to the latest version");
      p.destroyForcibly().waitFor();
      System.out.println("kill during apply: outcomes " + outcomes);
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static boolean waitFor(Check c, long ms) throws Exception {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      if (c.ok()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  static int loaded(io.possync.core.config.HostConfig c, String token) {
    try {
      ConfigSnapshot s = TestHost.cacheFromFile(c, token);
      return s == null ? -1 : s.version();
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
