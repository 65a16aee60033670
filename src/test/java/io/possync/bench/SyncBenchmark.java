package io.possync.bench;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.Logging;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.config.CloudConfig;
import io.possync.support.TestPostgres;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The sync service's figures on the large property, over real HTTP and WebSocket on loopback. Client and server
 * share the machine's cores, so the figures are what one node gives with a load generator beside it.
 */
public final class SyncBenchmark {

  private SyncBenchmark() {
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static String pct(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", ms(s[s.length / 2]),
        ms(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)]), ms(s[s.length - 1]));
  }

  public static void main(String[] args) throws Exception {
    Logging.configure();
    java.util.logging.Logger.getLogger("io.possync").setLevel(java.util.logging.Level.WARNING);
    int sockets = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    PgConnectOptions db = BenchDatabase.fresh("possync_bench_sync");
    Path conf = Files.createTempFile("possync-bench", ".json");
    Files.writeString(conf, new JsonObject().put("host", "127.0.0.1").put("httpPort", 0)
        .put("postgres", new JsonObject().put("uri", TestPostgres.uri(db)).put("poolSize", 16))
        .put("maxConcurrentFullBuilds", 8).encode());
    CloudRuntime cloud = CloudRuntime.start(CloudConfig.load(conf, Map.of()));
    Catalog catalog = Catalog.get();
    JsonObject file = new PropertyGenerator("Benchmark Megastore", PropertyGenerator.Size.LARGE).generate();
    UUID property = new PropertyImport(catalog).run(cloud.db().pool(), file, null).await().propertyId();
    ServiceHostRegistry.Registration host = new ServiceHostRegistry().register(cloud.db().pool(), property, "bench")
        .await();
    try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
    int port = cloud.httpPort();
    Vertx vertx = Vertx.vertx();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    String auth = "Bearer " + host.token();
    Supplier<Future<long[]>> getFull = () -> timed(http, "/api/sync/config/full", auth);

    // 1. Full sync, uncached (a one-row change before each makes a new version) and cached.
    long[] uncached = new long[5];
    long bytes = 0;
    for (int i = 0; i < uncached.length; i++) {
      try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE tenders SET name = 'Cash " + i + "' WHERE property_id = '" + property
            + "' AND code = 'CASH'");
      }
      long[] r = getFull.get().await();
      uncached[i] = r[0];
      bytes = r[1];
    }
    String agg = BenchDatabase.jsonAggBaseline(catalog);
    long[] aggT = new long[5];
    for (int i = 0; i < aggT.length; i++) {
      long t0 = System.nanoTime();
      cloud.db().pool().preparedQuery(agg).execute(Tuple.of(property)).await();
      aggT[i] = System.nanoTime() - t0;
    }
    // "Sending the bytes": a bare Vert.x server answering the same number of bytes from memory.
    Buffer same = Buffer.buffer(new byte[(int) bytes]);
    var bare = vertx.createHttpServer().requestHandler(req -> req.response().end(same)).listen(0, "127.0.0.1").await();
    HttpClient bareClient = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(bare.actualPort()));
    // Interleaved, so that both see the same JIT, GC and machine state.
    long[] cached = new long[31];
    long[] raw = new long[31];
    for (int i = 0; i < 5; i++) {
      getFull.get().await();
      timed(bareClient, "/", null).await();
    }
    for (int i = 0; i < raw.length; i++) {
      cached[i] = getFull.get().await()[0];
      raw[i] = timed(bareClient, "/", null).await()[0];
    }
    double u = median(uncached);
    double a = median(aggT);
    double cch = median(cached);
    double rw = median(raw);
    System.out.printf("full sync of %d bytes: uncached %.0f ms (json_agg of the same rows %.0f ms: %.2fx, target <= 2x)%n",
        bytes, ms((long) u), ms((long) a), u / a);
    System.out.printf("full sync cached: %.1f ms; the same bytes from a bare server %.1f ms (%+.0f%%, target within 10%%)%n",
        ms((long) cch), ms((long) rw), (cch / rw - 1) * 100);

    // 2. Deltas at a 50-change gap.
    int v0 = cloud.db().pool().query("SELECT version FROM property_versions WHERE property_id = '" + property + "'")
        .execute().await().iterator().next().getInteger(0);
    try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement()) {
      for (int i = 0; i < 50; i++) {
        s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 1 WHERE property_id = '" + property
            + "' AND plu = '" + (10000 + i) + "'");
      }
    }
    Result delta = load(http, "/api/sync/config/delta?since=" + v0, auth, null, 64, seconds);
    System.out.printf("delta at a 50-change gap: %.0f requests/s over %d s, %s%n", delta.rps, seconds,
        pct(delta.latencies));

    // 3. Heartbeats: 200 hosts, one node.
    List<ServiceHostRegistry.Registration> hosts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      hosts.add(new ServiceHostRegistry().register(cloud.db().pool(), property, "hb " + i).await());
    }
    String epoch = cloud.db().epoch();
    AtomicLong turn = new AtomicLong();
    Result hb = load(http, null, null, () -> {
      ServiceHostRegistry.Registration h = hosts.get((int) (turn.getAndIncrement() % hosts.size()));
      return new String[] {"/api/service-hosts/" + h.serviceHostId() + "/heartbeat", "Bearer " + h.token(),
          new JsonObject().put("appliedVersion", v0 + 50).put("epoch", epoch).put("cpuPercent", 23.5)
              .put("memoryPercent", 41).put("diskPercent", 60).put("connectionMode", "online")
              .put("pendingTransactions", 0).encode()};
    }, 32, seconds);
    System.out.printf("heartbeats: %.0f per second over %d s (200 hosts, 32 in flight), %s (target p99 < 50 ms)%n",
        hb.rps, seconds, pct(hb.latencies));

    // 4. Push: commit to config:updated frame at N connected sockets.
    WebSocketClient wsc = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10));
    ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    CountDownLatch connected = new CountDownLatch(sockets);
    List<io.vertx.core.http.WebSocket> open = new ArrayList<>();
    for (int i = 0; i < sockets; i++) {
      wsc.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/service-host")
          .addHeader("Authorization", auth)).onSuccess(ws -> {
            synchronized (open) {
              open.add(ws);
            }
            ws.textMessageHandler(t -> arrivals.add(System.nanoTime()));
            connected.countDown();
          }).onFailure(err -> {
            System.out.println("socket failed: " + err.getMessage());
            connected.countDown();
          });
    }
    connected.await(60, TimeUnit.SECONDS);
    Thread.sleep(500);
    int commits = 20;
    List<Long> lat = new ArrayList<>();
    try (Connection c = TestPostgres.jdbc(db); Statement s = c.createStatement()) {
      for (int i = 0; i < commits; i++) {
        arrivals.clear();
        long t0 = System.nanoTime();
        s.executeUpdate("UPDATE tenders SET name = 'Push " + i + "' WHERE property_id = '" + property
            + "' AND code = 'CASH'");
        long end = System.currentTimeMillis() + 3000;
        while (arrivals.size() < open.size() && System.currentTimeMillis() < end) {
          Thread.sleep(2);
        }
        for (Long t : arrivals) {
          lat.add(t - t0);
        }
        Thread.sleep(100);
      }
    }
    long[] pl = lat.stream().mapToLong(Long::longValue).toArray();
    System.out.printf("push at %d sockets: %d frames from %d commits, commit to frame %s (target p99 < 100 ms)%n",
        open.size(), pl.length, commits, pct(pl));

    for (io.vertx.core.http.WebSocket ws : open) {
      ws.close();
    }
    vertx.close().await();
    cloud.close();
    TestPostgres.exec(new PgConnectOptions(db).setDatabase("postgres"), "DROP DATABASE " + db.getDatabase()
        + " WITH (FORCE)");
    System.exit(0);
  }

  static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** One GET: {elapsed nanos, body bytes}. */
  static Future<long[]> timed(HttpClient http, String path, String auth) {
    long t0 = System.nanoTime();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(path);
    if (auth != null) {
      o.addHeader("Authorization", auth);
    }
    return http.request(o).compose(req -> req.send()).compose(res -> res.body())
        .map(b -> new long[] {System.nanoTime() - t0, b.length()});
  }

  record Result(double rps, long[] latencies) {
  }

  /** Keeps {@code inFlight} requests going for {@code seconds}; a POST when {@code post} gives {path, auth, body}. */
  static Result load(HttpClient http, String path, String auth, Supplier<String[]> post, int inFlight, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ConcurrentLinkedQueue<Long> lat = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(inFlight);
    long start = System.nanoTime();
    for (int i = 0; i < inFlight; i++) {
      loop(http, path, auth, post, end, lat, errors, done);
    }
    done.await(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (errors.get() > 0) {
      System.out.println("  (" + errors.get() + " requests failed)");
    }
    return new Result(lat.size() / elapsed, lat.stream().mapToLong(Long::longValue).toArray());
  }

  private static void loop(HttpClient http, String path, String auth, Supplier<String[]> post, long end,
                           ConcurrentLinkedQueue<Long> lat, AtomicLong errors, CountDownLatch done) {
    if (System.nanoTime() > end) {
      done.countDown();
      return;
    }
    long t0 = System.nanoTime();
    Future<Buffer> f;
    if (post == null) {
      f = http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path).addHeader("Authorization", auth))
          .compose(req -> req.send()).compose(res -> res.statusCode() == 200 ? res.body()
              : Future.failedFuture("status " + res.statusCode()));
    } else {
      String[] p = post.get();
      f = http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(p[0]).addHeader("Authorization", p[1])
              .addHeader("Content-Type", "application/json"))
          .compose(req -> req.send(p[2])).compose(res -> res.statusCode() == 200 ? res.body()
              : Future.failedFuture("status " + res.statusCode()));
    }
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        lat.add(System.nanoTime() - t0);
      } else {
        errors.incrementAndGet();
      }
      loop(http, path, auth, post, end, lat, errors, done);
    });
  }

}
