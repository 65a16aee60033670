package io.possync.bench;

import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.Logging;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.Catalog;
import io.possync.host.HostRuntime;
import io.possync.support.PosClient;
import io.possync.support.PosFixture;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GREEN mode's cost and capacity, with issue 8's workload (16 workstations, each check opened, five lines, sent, paid
 * in cash, closed; {@link CapsBenchmark#loop}), all in one run:
 * <ol>
 *   <li>the host's LAN API without a cloud (issue 8's figure, the baseline), then a real host that sends every check
 *   it changes to a real cloud as it sells (the mirror), and how long after the last write the cloud has them all;</li>
 *   <li>the same workload on the cloud itself (GREEN mode), 8 workstations on each of two nodes, beside the floor of
 *   bare PostgreSQL commits of a check-sized row, one after another.</li>
 * </ol>
 */
public final class GreenBenchmark {

  static final int WORKSTATIONS = CapsBenchmark.WORKSTATIONS;

  private GreenBenchmark() {
  }

  /** One run's figures. */
  record Run(double checksPerSecond, double p50, double p99, int failures) {
    String line() {
      return String.format("%.0f checks/s, per call p50 %.1f ms, p99 %.1f ms, %d failed", checksPerSecond, p50, p99,
          failures);
    }
  }

  /** Arguments: measured seconds and warm-up seconds (20 and 5 by default). */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Logging.configure();
    java.util.logging.Logger.getLogger("io.possync").setLevel(java.util.logging.Level.SEVERE);

    // 1a. the host alone (no cloud): issue 8's benchmark setup
    PosFixture fx = new PosFixture(WORKSTATIONS);
    fx.table("printers").values().forEach(p -> p.put("active", false));
    fx.publish(2);
    fx.start();
    List<String> fxSessions = new ArrayList<>();
    List<String> numbers0 = fx.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().toList();
    List<String> fxWs = fx.ids("workstations");
    for (int i = 0; i < WORKSTATIONS; i++) {
      fxSessions.add(fx.signIn(fxWs.get(i), numbers0.get(i % numbers0.size())));
    }
    Run alone = run(fx.vertx, List.of(fx.http()), fxSessions, new PosClient("http://127.0.0.1:" + fx.port())
        .config(fxSessions.get(0)), seconds, warmup);
    fx.close();

    // 1b. a real host with its cloud: every check it changes goes to the cloud as it sells
    TestCloud cloud = TestCloud.start(GreenBenchmark.class, null);
    JsonObject file = new PropertyGenerator("Green Bench", new PropertyGenerator.Size(168, 84, 21, 260, 24,
        WORKSTATIONS, 4)).generate();
    file.getJsonArray("printers").forEach(p -> ((JsonObject) p).put("active", false));
    new PropertyImport(Catalog.get()).run(cloud.pool(), file, null).await();
    UUID property = TestCloud.propertyId(file);
    ServiceHostRegistry.Registration reg = cloud.register(property, "bench host");
    Path dir = Files.createTempDirectory("possync-green-bench");
    HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(),
        30), Clock.systemUTC());
    List<String> devices = new ArrayList<>();
    List<String> ws = new ArrayList<>();
    file.getJsonArray("workstations").forEach(w -> ws.add(((JsonObject) w).getString("id")));
    ws.sort(null);
    for (String w : ws) {
      devices.add(new JsonObject(cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
          new JsonObject().put("deviceId", w)).body()).getString("token"));
    }
    TestHost.awaitVersion(host, cloud.version(property), "the signing key");
    host.close();
    List<String> numbers = file.getJsonArray("employees").stream().map(e -> (JsonObject) e)
        .filter(e -> e.getBoolean("active")).map(e -> e.getString("employeeNumber")).sorted().toList();
    Vertx vertx = Vertx.vertx();

    // 1b. the same real host with GREEN mode off (nothing sent to the cloud): the mirror's baseline
    var offConf = TestHost.config(Files.createTempDirectory("possync-green-off"), property, reg.serviceHostId(),
        cloud.base(), reg.token(), 30);
    offConf = new io.possync.core.config.HostConfig(offConf.propertyId(), offConf.serviceHostId(), offConf.cloudUrl(),
        offConf.tokenFile(), offConf.dataDir(), offConf.heartbeatSeconds(), offConf.fullSyncAfterOfflineHours(),
        offConf.lanHost(), offConf.lanPort(), null, null, offConf.vaultFile(), false);
    HostRuntime plain = TestHost.start(offConf, Clock.systemUTC());
    TestHost.awaitVersion(plain, cloud.version(property), "the first sync");
    PosClient plainLan = new PosClient("http://127.0.0.1:" + plain.lanPort());
    List<String> plainSessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      plainSessions.add(plainLan.signIn(devices.get(i), numbers.get(i % numbers.size())));
    }
    Run noMirror = run(vertx, List.of(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(plain.lanPort()))), plainSessions, plainLan.config(plainSessions.get(0)), seconds, warmup);
    plain.close();

    // 1c. the real host sending every check it changes to the cloud
    host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 30),
        Clock.systemUTC());
    PosClient lan = new PosClient("http://127.0.0.1:" + host.lanPort());
    List<String> hostSessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      hostSessions.add(lan.signIn(devices.get(i), numbers.get(i % numbers.size())));
    }
    WebClient toHost = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(host.lanPort()));
    Run mirrored = run(vertx, List.of(toHost), hostSessions, lan.config(hostSessions.get(0)), seconds, warmup);
    long ended = System.nanoTime();
    long onHost = countChecks(cloud, property, null);
    long closedOnHost = lan.ok("GET", "/api/pos/checks?status=closed", hostSessions.get(0), null)
        .getJsonArray("checks").size();
    // how long until the cloud holds every check the host closed today (the list is capped at 1000)
    Long lagMs = TestHost.until(host.vertx(), java.time.Duration.ofSeconds(120),
        () -> countChecks(cloud, property, "closed") >= closedOnHost ? (System.nanoTime() - ended) / 1_000_000 : null);
    host.close();

    // 1c. the same host with its cloud unreachable (its internet down): what the host itself spends on the mirror
    // (reading what is still to send, which only grows, and trying) without the cloud's work on this machine
    int deadPort = TestHost.freePort();
    HostRuntime offline = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(),
        "http://127.0.0.1:" + deadPort, reg.token(), 30), Clock.systemUTC());
    TestHost.await(offline, s -> true);
    PosClient offLan = new PosClient("http://127.0.0.1:" + offline.lanPort());
    List<String> offSessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      offSessions.add(offLan.signIn(devices.get(i), numbers.get(i % numbers.size())));
    }
    WebClient toOffline = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(offline.lanPort()));
    Run cut = run(vertx, List.of(toOffline), offSessions, offLan.config(offSessions.get(0)), seconds, warmup);
    offline.close();

    // 2. GREEN mode: the same workload on the cloud, 8 workstations on each of two nodes
    TestCloud second = TestCloud.on(cloud.db, null);
    PosClient onCloud = new PosClient(cloud.base());
    List<String> cloudSessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      cloudSessions.add(onCloud.signIn(devices.get(i), numbers.get(i % numbers.size())));
    }
    List<WebClient> nodes = List.of(
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(cloud.cloud.httpPort())),
        WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(second.cloud.httpPort())));
    Run green = run(vertx, nodes, cloudSessions, onCloud.config(cloudSessions.get(0)), seconds, warmup);
    double floor = pgFloor(cloud, Math.max(1000, (int) (green.checksPerSecond() * seconds * CapsBenchmark.CALLS_PER_CHECK / 4)));

    System.out.println("host controllers alone (issue 8's setup):       " + alone.line());
    System.out.println("real host, GREEN mode off (nothing mirrored):   " + noMirror.line());
    System.out.println("real host, every change sent to the cloud:      " + mirrored.line()
        + String.format(" = %.2fx of GREEN mode off", mirrored.checksPerSecond() / noMirror.checksPerSecond()));
    System.out.println("  the cloud held every closed check " + (lagMs == null ? "not within 120 s" : lagMs + " ms")
        + " after the last write (" + onHost + " checks mirrored)");
    System.out.println("real host, its cloud unreachable:               " + cut.line()
        + String.format(" = %.2fx of GREEN mode off", cut.checksPerSecond() / noMirror.checksPerSecond()));
    System.out.println("cloud (GREEN mode), 2 nodes x 8 workstations:   " + green.line());
    System.out.printf("floor, bare PostgreSQL commits one after another: %.0f checks per second; GREEN / floor = "
        + "%.2fx%n", floor, green.checksPerSecond() / floor);
    second.stopNode();
    cloud.close();
    vertx.close().await();
  }

  static long countChecks(TestCloud cloud, UUID property, String status) {
    return cloud.pool().preparedQuery("SELECT count(*) FROM pos_checks WHERE property_id = $1 AND ($2::text IS NULL "
        + "OR status = $2)").execute(Tuple.of(property, status)).await().iterator().next().getLong(0);
  }

  /** Bare commits of a check-sized jsonb row (2 KB), one after another; checks per second at 9 writes a check. */
  static double pgFloor(TestCloud cloud, int writes) {
    JsonObject row = new JsonObject().put("pad", "x".repeat(2000));
    var pool = cloud.pool();
    pool.query("CREATE TABLE IF NOT EXISTS bench_floor (id text PRIMARY KEY, payload jsonb NOT NULL)").execute().await();
    long t0 = System.nanoTime();
    for (int i = 0; i < writes; i++) {
      pool.preparedQuery("INSERT INTO bench_floor (id, payload) VALUES ($1, $2::text::jsonb) ON CONFLICT (id) DO "
          + "UPDATE SET payload = EXCLUDED.payload").execute(Tuple.of("check-" + (i / CapsBenchmark.CALLS_PER_CHECK),
          row.encode())).await();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    pool.query("DROP TABLE bench_floor").execute().await();
    return writes / s / CapsBenchmark.CALLS_PER_CHECK;
  }

  static Run run(Vertx vertx, List<WebClient> nodes, List<String> sessions, PosConfig cfg, int seconds, int warmup) {
    List<JsonObject> menu = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      menu.add(PosClient.line(cfg, i));
    }
    String rvc = PosClient.firstActive(cfg, "rvcs", r -> true);
    String cash = PosClient.firstActive(cfg, "tenders", t -> "cash".equals(t.getString("tenderType")));
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int w = 0; w < sessions.size(); w++) {
      int i = w;
      Promise<Void> done = Promise.promise();
      loops.add(done.future());
      vertx.runOnContext(v -> CapsBenchmark.loop(nodes.get(i % nodes.size()), sessions.get(i), rvc, cash, menu, i,
          warmEnd, end, latencies, checks, failures, done));
    }
    Future.all(loops).await();
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Run(checks.get() / (double) seconds, CapsBenchmark.ms(lat, 0.5), CapsBenchmark.ms(lat, 0.99),
        failures.get());
  }
}
