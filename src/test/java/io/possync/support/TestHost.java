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

/** Builds host confs for tests and waits on what a host shows. */
public final class TestHost {

  private TestHost() {
  }

  public static HostConfig config(Path dir, UUID property, UUID hostId, String cloudUrl, String token,
                                  int heartbeatSeconds) throws java.io.IOException {
    Files.createDirectories(dir);
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    return new HostConfig(property, hostId, cloudUrl, tokenFile, dir.resolve("data"), heartbeatSeconds, 24,
        "127.0.0.1", 0, null, null, dir.resolve("vault.json"));
  }

  /** Quick retries so that tests of failure paths take seconds. */
  public static HostRuntime start(HostConfig c, Clock clock) {
    return HostRuntime.start(c, clock, new Backoff(50, 400));
  }

  /** Waits up to 15 s for the host's snapshot to satisfy {@code p}; returns it (or the last one). */
  public static ConfigSnapshot await(HostRuntime host, Predicate<ConfigSnapshot> p) throws InterruptedException {
    long end = System.currentTimeMillis() + 15_000;
    ConfigSnapshot s = host.config().current();
    while ((s == null || !p.test(s)) && System.currentTimeMillis() < end) {
      Thread.sleep(20);
      s = host.config().current();
    }
    return s;
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
