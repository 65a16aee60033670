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
import io.possync.support.PosFixture;
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
    PosFixture fx = new PosFixture(WORKSTATIONS);
    // No printers answer here: the benchmark measures CAPS, so printing is off (KDS tickets are still written).
    fx.table("printers").values().forEach(p -> p.put("active", false));
    fx.publish(2);
    fx.start();
    Vertx vertx = fx.vertx;
    WebClient http = fx.http();
    List<JsonObject> menu = new ArrayList<>();
    for (String item : fx.ids("menu_items")) {
      JsonObject line = fx.table("menu_items").get(item).getBoolean("active") ? fx.line(item) : null;
      if (line != null) {
        menu.add(line);
      }
    }
    String rvc = fx.ids("rvcs").stream().filter(r -> fx.table("rvcs").get(r).getBoolean("active")).findFirst()
        .orElseThrow();
    String cash = fx.table("tenders").values().stream().filter(t -> "cash".equals(t.getString("tenderType")))
        .map(t -> t.getString("id")).findFirst().orElseThrow();
    List<String> workstations = fx.ids("workstations");
    List<String> numbers = fx.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().toList();
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < WORKSTATIONS; i++) {
      sessions.add(fx.signIn(workstations.get(i), numbers.get(i % numbers.size())));
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
    fx.close();
  }

  static double ms(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
    return sorted[i] / 1e6;
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
