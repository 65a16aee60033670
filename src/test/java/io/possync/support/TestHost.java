package io.possync.support;

import io.possync.core.config.HostConfig;
import io.possync.host.HostRuntime;
import io.possync.host.config.ConfigSnapshot;
import io.possync.host.sync.Backoff;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.possync.core.Addresses;
import io.possync.core.catalog.Catalog;
import io.possync.host.cache.CacheWriter;
import io.possync.host.cache.LocalCache;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/** Builds host confs for tests and waits on what a host shows. */
public final class TestHost {

  private TestHost() {
  }

  public static HostConfig config(Path dir, UUID property, UUID hostId, String cloudUrl, String token,
                                  int heartbeatSeconds) throws java.io.IOException {
    return config(dir, property, hostId, cloudUrl, token, heartbeatSeconds, 0);
  }

  /**
   * A host's conf listening on this LAN port (0: any free one). A host started again on the same {@code dir} and
   * port (from {@link #freePort()}) is the same host back at the address its workstations know.
   */
  public static HostConfig config(Path dir, UUID property, UUID hostId, String cloudUrl, String token,
                                  int heartbeatSeconds, int lanPort) throws java.io.IOException {
    Files.createDirectories(dir);
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    return new HostConfig(property, hostId, cloudUrl, tokenFile, dir.resolve("data"), heartbeatSeconds, 24,
        "127.0.0.1", lanPort, null, null, dir.resolve("vault.json"), true);
  }

  /** Quick retries so that tests of failure paths take seconds. */
  public static HostRuntime start(HostConfig c, Clock clock) {
    return HostRuntime.start(c, clock, new Backoff(50, 400));
  }

  /**
   * Waits up to 15 s for the host's snapshot to satisfy {@code p}; returns it (or the last one). The predicate is
   * tested on the calling thread each time the host publishes a snapshot, and on a short timer for predicates that
   * look beyond the snapshot; no sleeping.
   */
  public static ConfigSnapshot await(HostRuntime host, Predicate<ConfigSnapshot> p) {
    ConfigSnapshot s = until(host.vertx(), Duration.ofSeconds(15), () -> {
      ConfigSnapshot x = host.config().current();
      return x != null && p.test(x) ? x : null;
    });
    return s != null ? s : host.config().current();
  }

  /** Waits for the host to apply {@code version} (or a later one); fails with {@code what} after 30 s. */
  public static ConfigSnapshot awaitVersion(HostRuntime host, int version, String what) {
    ConfigSnapshot s = until(host.vertx(), Duration.ofSeconds(30), () -> {
      ConfigSnapshot x = host.config().current();
      return x != null && x.version() >= version ? x : null;
    });
    if (s == null) {
      ConfigSnapshot x = host.config().current();
      throw new AssertionError(what + ": the host did not reach version " + version + " (at "
          + (x == null ? "none" : x.version()) + ", status " + statusOrNull(host) + ")");
    }
    return s;
  }

  /**
   * Tests {@code probe} on the calling thread until it returns non-null; returns that, or null at the deadline. The
   * thread waits for a wake-up: each snapshot the host publishes ({@link Addresses#HOST_CONFIG}), each alert, and a
   * 25 ms tick of {@code vertx}'s timer for conditions no event announces (an HTTP answer elsewhere).
   */
  public static <T> T until(Vertx vertx, Duration deadline, Supplier<T> probe) {
    Semaphore wake = new Semaphore(0);
    MessageConsumer<Object> config = vertx.eventBus().consumer(Addresses.HOST_CONFIG, m -> wake.release());
    MessageConsumer<Object> alert = vertx.eventBus().consumer(Addresses.HOST_ALERT, m -> wake.release());
    long timer = vertx.setPeriodic(25, id -> wake.release());
    long end = System.nanoTime() + deadline.toNanos();
    try {
      while (true) {
        T t = probe.get();
        if (t != null) {
          return t;
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        wake.tryAcquire(left, TimeUnit.NANOSECONDS);
        wake.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      vertx.cancelTimer(timer);
      config.unregister();
      alert.unregister();
    }
  }

  /** The cache file as a restarted host would load it (the host must be stopped). */
  public static ConfigSnapshot cacheFromFile(HostConfig c, String token) {
    Vertx vertx = Vertx.vertx();
    try {
      LocalCache cache = LocalCache.open(vertx, c.dataDir().resolve("cache.db"), token).await();
      try {
        return new CacheWriter(vertx, Catalog.get(), cache, c.propertyId()).load().await();
      } finally {
        cache.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  public static JsonObject status(HostRuntime host) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.lanPort() + "/api/host/status")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  public static JsonObject statusOrNull(HostRuntime host) {
    try {
      return status(host);
    } catch (Exception e) {
      return null;
    }
  }

  /** One field of the LAN status, or null when the status does not answer. */
  public static Object statusValue(HostRuntime host, String field) {
    JsonObject s = statusOrNull(host);
    return s == null ? null : s.getValue(field);
  }

  public static int ready(HostRuntime host) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + host.lanPort() + "/ready")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
