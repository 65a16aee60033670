package io.possync.bench;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.Logging;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.config.CloudConfig;
import io.possync.host.cache.CacheWriter;
import io.possync.host.cache.LocalCache;
import io.possync.support.TestPostgres;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The host's figures on the large property: full apply into the encrypted cache against a plain batched SQLite
 * insert of the same rows; the host process's resident memory with the property loaded; start to /ready from a
 * warm cache. The host runs as its own process, as on store hardware.
 */
public final class HostBenchmark {

  private HostBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Logging.configure();
    java.util.logging.Logger.getLogger("io.possync").setLevel(java.util.logging.Level.WARNING);
    Path work = Files.createTempDirectory("possync-host-bench");
    PgConnectOptions db = BenchDatabase.fresh("possync_bench_host");
    Path conf = work.resolve("cloud.json");
    Files.writeString(conf, new JsonObject().put("host", "127.0.0.1").put("httpPort", 0)
        .put("postgres", new JsonObject().put("uri", TestPostgres.uri(db))).encode());
    CloudRuntime cloud = CloudRuntime.start(CloudConfig.load(conf, Map.of()));
    Catalog catalog = Catalog.get();
    UUID property = new PropertyImport(catalog).run(cloud.db().pool(),
        new PropertyGenerator("Benchmark Megastore", PropertyGenerator.Size.LARGE).generate(), null).await()
        .propertyId();
    ServiceHostRegistry.Registration reg = new ServiceHostRegistry().register(cloud.db().pool(), property, "bench")
        .await();
    JsonObject payload = new SnapshotQuery(catalog).read(cloud.db().pool(), property).await().orElseThrow()
        .toJson(catalog, Instant.now());
    int rows = 0;
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      rows += v instanceof JsonArray a ? a.size() : v == null ? 0 : 1;
    }

    // 1. Full apply vs a plain batched insert of the same rows (JSON text, one transaction, batches of 2000).
    Vertx vertx = Vertx.vertx();
    // Four warm-up rounds (JIT), then seven measured, the two interleaved so both see the same machine state.
    long[] apply = new long[11];
    long[] plain = new long[11];
    for (int r = 0; r < 11; r++) {
      Path f = work.resolve("apply-" + r + ".db");
      LocalCache cache = LocalCache.open(vertx, f, reg.token()).await();
      CacheWriter writer = new CacheWriter(vertx, catalog, cache, property);
      long t0 = System.nanoTime();
      writer.applyFull(payload, Instant.now()).await();
      apply[r] = System.nanoTime() - t0;
      cache.close().await();

      Path g = work.resolve("plain-" + r + ".db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + g)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
          s.execute("CREATE TABLE t (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT NOT NULL, "
              + "PRIMARY KEY (entity_type, entity_id)) WITHOUT ROWID");
        }
        long t1 = System.nanoTime();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
          int n = 0;
          for (EntityType e : catalog.entities()) {
            Object v = payload.getValue(e.key());
            if (v == null) {
              continue;
            }
            for (Object o : e.single() ? new JsonArray().add(v) : (JsonArray) v) {
              JsonObject row = (JsonObject) o;
              ps.setString(1, e.table());
              ps.setString(2, row.getString("id"));
              ps.setString(3, row.encode());
              ps.addBatch();
              if (++n % 2000 == 0) {
                ps.executeBatch();
              }
            }
          }
          ps.executeBatch();
        }
        c.commit();
        plain[r] = System.nanoTime() - t1;
      }
    }
    double a = BenchDatabase.median(toMs(java.util.Arrays.copyOfRange(apply, 4, 11)));
    double p = BenchDatabase.median(toMs(java.util.Arrays.copyOfRange(plain, 4, 11)));
    System.out.printf("full apply of %d rows: %.0f ms sealed through the cache writer, %.0f ms plain batched insert "
        + "(%.2fx, target <= 2x)%n", rows, a, p, a / p);

    // 2. The host as a process: first boot (full sync), then a warm start.
    String cp = System.getProperty("java.class.path");
    Path tokenFile = work.resolve("token");
    Files.writeString(tokenFile, reg.token());
    for (String[] flags : new String[][] {{}, {"-Xmx128m", "-XX:+UseSerialGC"}}) {
      Path dataDir = work.resolve("host-" + flags.length);
      int lan = io.possync.support.TestHost.freePort();
      Path hostConf = work.resolve("host-" + flags.length + ".json");
      Files.writeString(hostConf, new JsonObject().put("propertyId", property.toString())
          .put("serviceHostId", reg.serviceHostId().toString()).put("cloudUrl", "http://127.0.0.1:" + cloud.httpPort())
          .put("tokenFile", tokenFile.toString()).put("dataDir", dataDir.toString()).put("heartbeatSeconds", 30)
          .put("lan", new JsonObject().put("host", "127.0.0.1").put("port", lan)).encode());
      Process first = start(cp, flags, hostConf, work);
      long coldMs = waitReady(lan, 120_000);
      first.destroy();
      first.waitFor();
      long t0 = System.nanoTime();
      Process warm = start(cp, flags, hostConf, work);
      long readyMs = waitReady(lan, 60_000);
      double startMs = (System.nanoTime() - t0) / 1e6;
      Thread.sleep(5000); // let the delta-on-start and the first push settle
      long rss = rssKb(warm.pid());
      warm.destroy();
      warm.waitFor();
      String label = flags.length == 0 ? "default JVM flags" : String.join(" ", flags);
      System.out.printf("host (%s): first boot to /ready %d ms; warm start to /ready %.0f ms (target < 3000); "
          + "resident memory with the property loaded %d MB (target < 256)%n", label, coldMs, startMs, rss / 1024);
      if (readyMs < 0) {
        System.out.println("  (warm start never became ready)");
      }
    }
    vertx.close().await();
    cloud.close();
    TestPostgres.exec(new PgConnectOptions(db).setDatabase("postgres"), "DROP DATABASE " + db.getDatabase()
        + " WITH (FORCE)");
    System.exit(0);
  }

  static double[] toMs(long[] nanos) {
    double[] out = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      out[i] = nanos[i] / 1e6;
    }
    return out;
  }

  static Process start(String cp, String[] flags, Path conf, Path work) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-cp", cp, "io.possync.Main", "host", "--conf", conf.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("host.log").toFile()).start();
  }

  static long waitReady(int port, long ms) throws Exception {
    long t0 = System.currentTimeMillis();
    HttpClient http = HttpClient.newHttpClient();
    while (System.currentTimeMillis() - t0 < ms) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return System.currentTimeMillis() - t0;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    return -1;
  }

  static long rssKb(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
