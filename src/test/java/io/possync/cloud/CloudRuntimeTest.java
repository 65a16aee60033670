package io.possync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.PostgresServer;
import io.possync.cloud.store.PropertyImport;
import io.possync.core.catalog.Catalog;
import io.possync.core.config.CloudConfig;
import io.possync.testdata.PropertyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no PostgreSQL URI the cloud runs on an embedded PostgreSQL whose data stays in the data dir. */
class CloudRuntimeTest {

  @TempDir
  Path dir;

  static String get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(java.time.Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  @Test
  void embeddedPostgresKeepsItsDataAcrossRestarts() throws Exception {
    Path confFile = dir.resolve("cloud.json");
    Files.writeString(confFile, "{\"host\": \"127.0.0.1\", \"httpPort\": 0, \"dataDir\": \"" + dir.resolve("data")
        + "\"}");
    CloudConfig config = CloudConfig.load(confFile, Map.of());
    String epoch;
    int version;
    try (CloudRuntime cloud = CloudRuntime.start(config)) {
      assertTrue(cloud.postgres().isEmbedded());
      assertTrue(Files.exists(dir.resolve("data/pg/PG_VERSION")), "PostgreSQL data under the data dir");
      version = new PropertyImport(Catalog.get()).run(cloud.db().pool(),
          new PropertyGenerator("Persisted Pub", new PropertyGenerator.Size(10, 6, 2, 10, 3, 2, 4)).generate(), null)
          .await().version();
      epoch = cloud.db().epoch();
      assertEquals("200 {\"status\":\"up\"}", get(cloud.httpPort(), "/health"));
      assertTrue(get(cloud.httpPort(), "/ready").startsWith("200"));
      String metrics = get(cloud.httpPort(), "/metrics");
      assertTrue(metrics.startsWith("200") && metrics.contains("possync_compaction_runs_total"), metrics);

      // A second process on the same data dir (an import next to a running cloud) joins the running server.
      try (PostgresServer joined = PostgresServer.embedded(dir.resolve("data"), 0)) {
        assertFalse(joined.isEmbedded());
        assertEquals(cloud.postgres().connectOptions().getPort(), joined.connectOptions().getPort());
      }
    }
    try (CloudRuntime again = CloudRuntime.start(config)) {
      assertEquals(epoch, again.db().epoch(), "same database after a restart");
      assertEquals(version, again.db().pool().query("SELECT max(version) FROM property_versions").execute().await()
          .iterator().next().getInteger(0));
    }
  }
}
