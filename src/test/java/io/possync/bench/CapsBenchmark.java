package io.possync.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.possync.core.Logging;
import io.possync.core.auth.DeviceTokens;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.http.HttpErrors;
import io.possync.host.cache.LocalCache;
import io.possync.host.config.ConfigSnapshot;
import io.possync.host.controllers.PosControllers;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks through the LAN API (issue 8's speed target): 16 workstations at once, each check opened, five lines with
 * modifiers rung, sent, paid in cash and closed, every write durable (SQLite, synchronous=FULL). Beside it, the
 * floor measured in the same run: the same number of writes as bare SQLite commits of a check-sized row, one after
 * another, with no HTTP.
 */
public final class CapsBenchmark {

  static final int WORKSTATIONS = 16;
  static int WARMUP_SECONDS = 5;
  static int SECONDS = 20;
  static final int CALLS_PER_CHECK = 9;

  private CapsBenchmark() {
  }

  /** Arguments: measured seconds and warm-up seconds (20 and 5 by default). */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      SECONDS = Integer.parseInt(args[0]);
    }
    if (args.length > 1) {
      WARMUP_SECONDS = Integer.parseInt(args[1]);
    }
    Logging.configure();
    java.util.logging.Logger.getLogger("io.possync").setLevel(java.util.logging.Level.WARNING);
    Path work = Files.createTempDirectory("possync-caps-bench");
    Catalog catalog = Catalog.get();
    PropertyGenerator gen = new PropertyGenerator("Bench Grill",
        new PropertyGenerator.Size(168, 84, 21, 260, 24, WORKSTATIONS, 4));
    JsonObject payload = gen.generate();
    String propertyId = gen.propertyId().toString();
    Map<String, Map<String, JsonObject>> tables = new HashMap<>();
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      if (v == null) {
        continue;
      }
      Map<String, JsonObject> rows = new HashMap<>();
      for (Object o : e.single() ? new JsonArray().add(v) : (JsonArray) v) {
        JsonObject row = (JsonObject) o;
        rows.put(row.getString("id"), row);
      }
      tables.put(e.table(), rows);
    }
    // No printers answer here: the benchmark measures CAPS, so printing is off (KDS tickets are still written).
    tables.getOrDefault("printers", Map.of()).values().forEach(p -> p.put("active", false));
    DeviceTokens.SigningKey key = DeviceTokens.newKey();
    tables.put(PosConfig.DEVICE_KEYS, Map.of(key.keyId(), new JsonObject().put("id", key.keyId())
        .put("propertyId", propertyId).put("publicKey", key.publicPem()).put("active", true)));
    ConfigSnapshot snapshot = new ConfigSnapshot(gen.propertyId(), 1, "bench", Instant.now(), Instant.now(), tables);

    Vertx vertx = Vertx.vertx();
    LocalCache cache = LocalCache.open(vertx, work.resolve("cache.db"), "bench-token").await();
    PosControllers pos = PosControllers.start(vertx, cache, catalog, propertyId, () -> snapshot, Clock.systemUTC(),
        new SimpleMeterRegistry()).await();
    Router router = Router.router(vertx);
    pos.mount(router);
    HttpErrors.install(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    int port = server.actualPort();
    WebClient http = WebClient.wrap(vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port), new io.vertx.core.http.PoolOptions()
        .setHttp1MaxSize(WORKSTATIONS * 2)));

    PosConfig cfg = new PosConfig(1, t -> tables.getOrDefault(t, Map.of()));
    List<JsonObject> menu = menu(cfg, tables);
    String rvc = tables.get("rvcs").values().stream().filter(r -> r.getBoolean("active"))
        .map(r -> r.getString("id")).sorted().findFirst().orElseThrow();
    String cash = tables.get("tenders").values().stream().filter(t -> "cash".equals(t.getString("tenderType")))
        .map(t -> t.getString("id")).findFirst().orElseThrow();
    List<String> workstations = tables.get("workstations").values().stream().map(w -> w.getString("id")).sorted()
        .toList();
    List<JsonObject> employees = tables.get("employees").values().stream().filter(e -> e.getBoolean("active"))
        .sorted((a, b) -> a.getString("employeeNumber").compareTo(b.getString("employeeNumber"))).toList();

    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      String device = DeviceTokens.issue(vertx, key, propertyId, workstations.get(i), DeviceTokens.WORKSTATION,
          Instant.now().plusSeconds(3600), Instant.now());
      String number = employees.get(i % employees.size()).getString("employeeNumber");
      JsonObject s = http.post("/api/pos/sessions").bearerTokenAuthentication(device)
          .sendJsonObject(new JsonObject().put("employeeNumber", number).put("pin", number.substring(number.length() - 4)))
          .await().bodyAsJsonObject();
      sessions.add(s.getString("sessionToken"));
    }

    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    long[] window = new long[2];
    long start = System.nanoTime();
    long warmEnd = start + WARMUP_SECONDS * 1_000_000_000L;
    long end = warmEnd + SECONDS * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    for (int w = 0; w < WORKSTATIONS; w++) {
      int ws = w;
      Promise<Void> done = Promise.promise();
      loops.add(done.future());
      vertx.runOnContext(v -> loop(http, sessions.get(ws), rvc, cash, menu, ws, warmEnd, end, latencies, checks,
          failures, done));
    }
    Future.all(loops).await();
    double seconds = SECONDS;
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double apiChecks = checks.get() / seconds;

    // The floor: the same number of writes as bare SQLite commits (WAL, synchronous=FULL), one after another.
    int writes = Math.max(1000, checks.get() * CALLS_PER_CHECK / 4);
    byte[] row = new byte[2048];
    new java.util.Random(1).nextBytes(row);
    double floorChecks;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("floor.db"))) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("CREATE TABLE t (id TEXT PRIMARY KEY, payload BLOB NOT NULL)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO t (id, payload) VALUES (?, ?)")) {
        long t0 = System.nanoTime();
        for (int i = 0; i < writes; i++) {
          ps.setString(1, "check-" + (i / CALLS_PER_CHECK));
          ps.setBytes(2, row);
          ps.executeUpdate();
          c.commit();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        floorChecks = writes / s / CALLS_PER_CHECK;
      }
    }
    System.out.printf("checks through the LAN API: %.0f per second (%d workstations, %d s, %d calls each, "
            + "%d failed), per call p50 %.1f ms, p99 %.1f ms, max %.1f ms (target 200 checks/s, p99 < 50 ms)%n",
        apiChecks, WORKSTATIONS, SECONDS, CALLS_PER_CHECK, failures.get(), ms(lat, 0.50), ms(lat, 0.99),
        ms(lat, 1.0));
    System.out.printf("floor, bare SQLite commits one after another: %.0f checks per second (%d commits of 2 KB); "
        + "API / floor = %.2fx%n", floorChecks, writes, apiChecks / floorChecks);
    pos.stop();
    server.close().await();
    cache.close().await();
    vertx.close().await();
  }

  static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
    return sorted[i] / 1e6;
  }

  /** Menu items with a valid modifier choice each (the minimum of every group). */
  static List<JsonObject> menu(PosConfig cfg, Map<String, Map<String, JsonObject>> tables) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject item : tables.get("menu_items").values()) {
      if (!item.getBoolean("active")) {
        continue;
      }
      JsonArray mods = new JsonArray();
      boolean ok = true;
      for (PosConfig.ModifierGroupOf g : cfg.modifierGroupsOf(item.getString("id"))) {
        List<String> active = g.modifierIds().stream()
            .filter(m -> cfg.modifier(m).map(PosConfig.Modifier::active).orElse(false)).toList();
        int n = Math.max(g.group().minSelect(), Math.min(1, g.group().maxSelect()));
        if (active.size() < n) {
          ok = false;
          break;
        }
        active.subList(0, n).forEach(mods::add);
      }
      if (ok) {
        out.add(new JsonObject().put("menuItemId", item.getString("id")).put("modifierIds", mods));
      }
    }
    out.sort((a, b) -> a.getString("menuItemId").compareTo(b.getString("menuItemId")));
    return out;
  }

  /** One workstation ringing checks back to back until {@code end}. */
  static void loop(WebClient http, String session, String rvc, String cash, List<JsonObject> menu, int ws,
                   long warmEnd, long end, ConcurrentLinkedQueue<Long> latencies, AtomicInteger checks,
                   AtomicInteger failures, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    boolean measured = System.nanoTime() >= warmEnd;
    List<JsonObject> calls = new ArrayList<>();
    call(http, session, "/api/pos/checks", new JsonObject().put("rvcId", rvc).put("guestCount", 2), latencies,
        measured).compose(check -> {
          String id = check.getString("id");
          Future<JsonObject> f = Future.succeededFuture(check);
          for (int i = 0; i < 5; i++) {
            JsonObject line = menu.get((ws * 31 + i * 7 + checks.get()) % menu.size());
            f = f.compose(x -> call(http, session, "/api/pos/checks/" + id + "/lines", line, latencies, measured));
          }
          return f.compose(x -> call(http, session, "/api/pos/checks/" + id + "/send", new JsonObject(), latencies,
                  measured))
              .compose(x -> call(http, session, "/api/pos/checks/" + id + "/payments", new JsonObject()
                  .put("tenderId", cash).put("amountCents", x.getLong("balanceDueCents") + 500), latencies, measured))
              .compose(x -> call(http, session, "/api/pos/checks/" + id + "/close", new JsonObject(), latencies,
                  measured));
        }).onComplete(ar -> {
          if (ar.failed()) {
            failures.incrementAndGet();
          } else if (measured) {
            checks.incrementAndGet();
          }
          loop(http, session, rvc, cash, menu, ws, warmEnd, end, latencies, checks, failures, done);
        });
  }

  static Future<JsonObject> call(WebClient http, String session, String path, JsonObject body,
                                 ConcurrentLinkedQueue<Long> latencies, boolean measured) {
    long t0 = System.nanoTime();
    return http.request(HttpMethod.POST, path).bearerTokenAuthentication(session)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body).compose(r -> {
          if (measured) {
            latencies.add(System.nanoTime() - t0);
          }
          if (r.statusCode() >= 300) {
            return Future.failedFuture(path + ": " + r.statusCode() + " " + r.bodyAsString());
          }
          return Future.succeededFuture(r.bodyAsJsonObject());
        });
  }

}
