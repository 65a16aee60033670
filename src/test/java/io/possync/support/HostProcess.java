package io.possync.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service host running as its own process (as on store hardware), for tests that SIGKILL it: started from a conf
 * file, ready when it logs that it listens (no polling), reached over its LAN port.
 */
public final class HostProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  public final int port;

  private HostProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Writes a host conf for a process: the given cloud URL, the test host's token file and data dir, a fixed port. */
  public static Path conf(Path dir, io.possync.core.config.HostConfig host, String cloudUrl, int port,
                          int heartbeatSeconds, Path vault) throws java.io.IOException {
    Path conf = dir.resolve("host-process.json");
    JsonObject c = new JsonObject().put("propertyId", host.propertyId().toString())
        .put("serviceHostId", host.serviceHostId().toString()).put("cloudUrl", cloudUrl)
        .put("tokenFile", host.tokenFile().toString()).put("dataDir", host.dataDir().toString())
        .put("heartbeatSeconds", heartbeatSeconds).put("lan", new JsonObject().put("host", "127.0.0.1")
            .put("port", port));
    if (vault != null) {
      c.put("vaultFile", vault.toString());
    }
    Files.writeString(conf, c.encode());
    return conf;
  }

  /** Starts the host and returns once it listens (its log line says so), at most 60 s. */
  public static HostProcess start(Path conf, int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.possync.Main", "host", "--conf", conf.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.contains("possync host for property")) {
            listening.complete(null);
          }
        }
      } catch (java.io.IOException e) {
        // the process is gone
      }
      listening.completeExceptionally(new IllegalStateException("the host stopped before it listened"));
    });
    reader.setDaemon(true);
    reader.start();
    try {
      listening.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly().waitFor();
      throw e;
    }
    return new HostProcess(p, port);
  }

  public HttpResponse<String> call(String method, String path, String token, JsonObject body, String key)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in with the device token (PIN: the employee number's last four digits); the session token. */
  public String signIn(String device, String number) throws Exception {
    HttpResponse<String> r = call("POST", "/api/pos/sessions", device, new JsonObject()
        .put("employeeNumber", number).put("pin", number.substring(number.length() - 4)), null);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("sign-in: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("sessionToken");
  }

  /** SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
