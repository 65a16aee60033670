package io.possync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cli.CommandLineTest.Run;
import io.possync.support.TestHost;
import io.possync.support.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first five minutes of a new user: taken ports, Ctrl-C, running the demo twice. */
class FirstRunTest {

  static final Duration START = Duration.ofSeconds(90);
  static final Path PROJECT = Path.of("").toAbsolutePath();

  @TempDir
  static Path dir;
  static PgConnectOptions db;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void setUp() {
    db = TestPostgres.newDatabase("FirstRunTest");
  }

  @AfterAll
  static void tearDown() {
    TestPostgres.dropDatabase(db);
  }

  static Path write(String name, JsonObject json) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, json.encodePrettily());
    return p;
  }

  static JsonObject hostConf(Path sub, int lanPort, String cloudUrl) throws Exception {
    Files.createDirectories(sub);
    return new JsonObject().put("propertyId", UUID.randomUUID().toString())
        .put("serviceHostId", UUID.randomUUID().toString()).put("cloudUrl", cloudUrl)
        .put("tokenFile", sub.resolve("token").toString()).put("dataDir", sub.resolve("data").toString())
        .put("vaultFile", sub.resolve("vault.json").toString())
        .put("lan", new JsonObject().put("host", "127.0.0.1").put("port", lanPort));
  }

  /** The process stopped by a signal stops in order: exit 0, nothing but log lines, no exception. */
  static void assertStopsCleanly(Launched p, String signal) throws Exception {
    p.signal(signal);
    int code = p.awaitExit(Duration.ofSeconds(60));
    String err = p.err();
    assertEquals(0, code, "exit code after SIG" + signal + "; stderr:\n" + err);
    assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("at io."),
        "no exception or stack trace after SIG" + signal + ":\n" + err);
  }

  @Test
  void aTakenPortIsNamedWithTheSettingAndVariableThatMoveIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();

      Path cloud = write("taken-http.json", new JsonObject().put("httpPort", port)
          .put("postgres", new JsonObject().put("uri", TestPostgres.uri(db))));
      Run r = CommandLineTest.run("cloud", "--conf", cloud.toString());
      assertEquals(1, r.code(), r.err());
      assertEquals("possync cloud: port " + port + " for the HTTP server is in use: set httpPort in " + cloud
          + " or POSSYNC_HTTP_PORT to a free one", r.err().strip());

      Path pg = write("taken-pg.json", new JsonObject().put("httpPort", 0).put("dataDir", dir.resolve("pgdata").toString())
          .put("postgres", new JsonObject().put("embeddedPort", port)));
      r = CommandLineTest.run("cloud", "--conf", pg.toString());
      assertEquals(1, r.code(), r.err());
      assertEquals("possync cloud: port " + port + " for the embedded PostgreSQL is in use: set postgres.embeddedPort in "
          + pg + " or POSSYNC_PG_PORT to a free one", r.err().strip());

      Path hostDir = dir.resolve("taken-lan");
      Path host = write("taken-lan.json", hostConf(hostDir, port, "http://127.0.0.1:1"));
      Files.writeString(hostDir.resolve("token"), "a-token-for-a-cache-of-its-own\n");
      r = CommandLineTest.run("host", "--conf", host.toString());
      assertEquals(1, r.code(), r.err());
      assertEquals("possync host: port " + port + " for the LAN endpoint is in use: set lan.port in " + host
          + " or POSSYNC_LAN_PORT to a free one", r.err().strip());
    }
  }

  @Test
  void cloudAndHostStopOnSigtermAndCtrlCWithoutAStackTrace() throws Exception {
    Path cloudConf = write("cloud.json", new JsonObject().put("host", "127.0.0.1")
        .put("postgres", new JsonObject().put("uri", TestPostgres.uri(db))).put("dataDir", dir.resolve("c").toString()));
    Run imp = CommandLineTest.run("import", "--conf", cloudConf.toString(), "conf/properties/harbor-grill.json");
    assertEquals(0, imp.code(), imp.err());
    String property = imp.out().replaceAll("(?s).*propertyId=([0-9a-f-]{36}).*", "$1");
    Run reg = CommandLineTest.run("register-host", "--conf", cloudConf.toString(), "--property", property, "--name", "h");
    assertEquals(0, reg.code(), reg.err());
    String hostId = reg.out().replaceAll("(?s).*serviceHostId=([0-9a-f-]{36}).*", "$1");
    String token = reg.out().replaceAll("(?s).*token=(\\S+).*", "$1");

    int httpPort = TestHost.freePort();
    try (Launched cloud = Launched.start(PROJECT, Map.of("POSSYNC_HTTP_PORT", Integer.toString(httpPort)), "cloud",
        "--conf", cloudConf.toString())) {
      cloud.awaitErr(l -> l.contains("possync cloud listening on"), START);

      Path hostDir = dir.resolve("host");
      int lanPort = TestHost.freePort();
      JsonObject hc = hostConf(hostDir, lanPort, "http://127.0.0.1:" + httpPort).put("propertyId", property)
          .put("serviceHostId", hostId);
      Files.writeString(hostDir.resolve("token"), token + "\n");
      try (Launched host = Launched.start(PROJECT, Map.of(), "host", "--conf", write("host.json", hc).toString())) {
        host.awaitErr(l -> l.contains("listening on"), START);
        // Stopped at rest (synced, push channel up), so that what it prints is about stopping alone.
        String lan = "http://127.0.0.1:" + lanPort;
        awaitTrue(() -> get(lan + "/api/host/status").contains("\"syncStatus\":\"synced\"")
            && get(lan + "/metrics").contains("possync_host_push_connected 1.0"), "host synced, push up");
        assertStopsCleanly(host, "INT");
      }
      assertStopsCleanly(cloud, "TERM");
    }
  }

  @Test
  void theDemoRunTwiceKeepsTheUsersEditsAndNeverSpeaksForItsHost() throws Exception {
    int httpPort = TestHost.freePort();
    Path cloudConf = write("demo-cloud.json", new JsonObject().put("httpPort", httpPort)
        .put("dataDir", dir.resolve("demo/cloud").toString()).put("postgres", new JsonObject().put("embeddedPort", 0)));
    Path hostConf = write("demo-host.json", hostConf(dir.resolve("demo/host"), 0, "http://127.0.0.1:1"));
    String[] demo = {"demo", "--conf", cloudConf.toString(), "--host-conf", hostConf.toString()};
    String base = "http://127.0.0.1:" + httpPort;

    String itemPath;
    String renamed = "Harbor Special (edited by the user)";
    try (Launched first = Launched.start(PROJECT, Map.of(), demo)) {
      first.awaitOut(l -> l.startsWith("Press Ctrl-C"), START);
      String out = first.out();
      assertFalse(out.contains("/heartbeat"), "the demo offers no heartbeat in its host's name:\n" + out);
      String admin = adminToken(out);
      String property = group(out, "propertyId=([0-9a-f-]{36})");
      itemPath = "/api/admin/properties/" + property + "/menu_items";
      JsonObject item = new JsonArray(send("GET", base + itemPath, admin, null).body()).getJsonObject(0);
      itemPath += "/" + item.getString("id");
      HttpResponse<String> put = send("PUT", base + itemPath, admin, item.put("name", renamed).encode());
      assertEquals(200, put.statusCode(), put.body());
      assertStopsCleanly(first, "INT");
    }
    try (Launched second = Launched.start(PROJECT, Map.of(), demo)) {
      second.awaitOut(l -> l.startsWith("Press Ctrl-C"), START);
      HttpResponse<String> got = send("GET", base + itemPath, adminToken(second.out()), null);
      assertEquals(200, got.statusCode(), got.body());
      assertEquals(renamed, new JsonObject(got.body()).getString("name"),
          "a second demo run on the same data dir keeps the user's edit:\n" + second.out());
      assertStopsCleanly(second, "TERM");
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Polls a condition a person would check by hand (the host's status page), up to a minute. */
  static void awaitTrue(Check c, String what) throws Exception {
    long end = System.nanoTime() + START.toNanos();
    while (!c.ok()) {
      assertTrue(System.nanoTime() < end, what);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String adminToken(String out) {
    return group(out, "Admin API token for this run: (\\S+)");
  }

  static String group(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    assertTrue(m.find(), regex + " in:\n" + s);
    return m.group(1);
  }

  HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
