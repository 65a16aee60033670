package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.caps.PosConfig;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check from sign-in to close on a real host (its SQLite file, its LAN API) with a device token the real cloud
 * issued, posted to the cloud exactly once: with the cloud down while the check is rung, and when the cloud's
 * acknowledgement of the upload is lost on the way back.
 */
class PosEndToEndTest {

  @TempDir
  Path dir;

  final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

  JsonObject lan(HostRuntime host, String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.lanPort() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 300, method + " " + path + ": " + r.statusCode() + " " + r.body());
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  /** A device token of the first workstation, issued by the cloud; the host has the signing key when it returns. */
  String deviceToken(TestCloud cloud, UUID property, HostRuntime host) throws Exception {
    ConfigSnapshot s = TestHost.awaitVersion(host, cloud.version(property), "the first sync");
    String workstation = s.table("workstations").keySet().stream().sorted().findFirst().orElseThrow();
    HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", workstation));
    assertEquals(201, issued.statusCode(), issued.body());
    TestHost.awaitVersion(host, cloud.version(property), "the signing key");
    return new JsonObject(issued.body()).getString("token");
  }

  /** Signs in on the first workstation with a token the cloud issued, once the host has the signing key. */
  String signIn(TestCloud cloud, UUID property, HostRuntime host) throws Exception {
    ConfigSnapshot s = TestHost.awaitVersion(host, cloud.version(property), "the first sync");
    String workstation = s.table("workstations").keySet().stream().sorted().findFirst().orElseThrow();
    HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", workstation));
    assertEquals(201, issued.statusCode(), issued.body());
    String device = new JsonObject(issued.body()).getString("token");
    TestHost.awaitVersion(host, cloud.version(property), "the signing key");
    String number = s.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
    return lan(host, "POST", "/api/pos/sessions", device, new JsonObject().put("employeeNumber", number)
        .put("pin", number.substring(number.length() - 4))).getString("sessionToken");
  }

  /** Opens, rings a menu item with its modifiers, sends, pays cash and closes; the closed check. */
  JsonObject wholeCheck(HostRuntime host, String session) throws Exception {
    ConfigSnapshot s = host.config().current();
    PosConfig cfg = new PosConfig(s.version(), s::table);
    String rvc = s.table("rvcs").values().stream().filter(r -> r.getBoolean("active")).map(r -> r.getString("id"))
        .sorted().findFirst().orElseThrow();
    JsonObject line = null;
    for (String item : s.table("menu_items").keySet().stream().sorted().toList()) {
      List<PosConfig.ModifierGroupOf> groups = cfg.modifierGroupsOf(item);
      if (!s.table("menu_items").get(item).getBoolean("active") || groups.isEmpty()) {
        continue;
      }
      JsonArray mods = new JsonArray();
      for (PosConfig.ModifierGroupOf g : groups) {
        List<String> active = g.modifierIds().stream()
            .filter(m -> cfg.modifier(m).map(PosConfig.Modifier::active).orElse(false)).toList();
        active.subList(0, Math.min(active.size(), Math.max(1, g.group().minSelect()))).forEach(mods::add);
      }
      line = new JsonObject().put("menuItemId", item).put("modifierIds", mods);
      break;
    }
    assertNotNull(line, "an item with modifiers");
    String cash = s.table("tenders").values().stream().filter(t -> "cash".equals(t.getString("tenderType")))
        .map(t -> t.getString("id")).findFirst().orElseThrow();
    String id = lan(host, "POST", "/api/pos/checks", session, new JsonObject().put("rvcId", rvc).put("guestCount", 2))
        .getString("id");
    JsonObject rung = lan(host, "POST", "/api/pos/checks/" + id + "/lines", session, line);
    assertEquals(1, rung.getJsonArray("lines").getJsonObject(0).getJsonArray("modifiers").size() > 0 ? 1 : 0);
    lan(host, "POST", "/api/pos/checks/" + id + "/send", session, null);
    JsonObject paid = lan(host, "POST", "/api/pos/checks/" + id + "/payments", session, new JsonObject()
        .put("tenderId", cash).put("amountCents", rung.getLong("totalCents") + 100));
    assertEquals(100, paid.getLong("changeDueCents"));
    return lan(host, "POST", "/api/pos/checks/" + id + "/close", session, null);
  }

  JsonArray posted(TestCloud cloud, UUID property, String businessDate) {
    HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + property + "/checks?businessDate="
        + businessDate, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("checks");
  }

  @Test
  void aCheckRungWithTheCloudDownIsPostedOnceWhenItReturns() throws Exception {
    int port = TestHost.freePort();
    TestCloud cloud = TestCloud.start(PosEndToEndTest.class, new JsonObject().put("httpPort", port));
    UUID property = TestCloud.propertyId(cloud.importProperty("Offline Diner"));
    ServiceHostRegistry.Registration reg = cloud.register(property, "diner host");
    try (HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(),
        reg.token(), 1), Clock.systemUTC())) {
      String session = signIn(cloud, property, host);
      cloud.stopNode();
      JsonObject closed = wholeCheck(host, session);
      assertEquals("closed", closed.getString("status"));
      assertEquals(1, TestHost.until(host.vertx(), Duration.ofSeconds(10),
          () -> ((Number) TestHost.statusValue(host, "pendingTransactions")).intValue() == 1 ? 1 : null),
          "the host shows the check waiting for the cloud");
      assertNotNull(TestHost.until(host.vertx(), Duration.ofSeconds(10),
          () -> ((Number) TestHost.statusValue(host, "printJobsQueued")).intValue() > 0 ? true : null),
          "and its chits waiting for printers (nothing listens at the sample's printer ports)");
      TestCloud back = TestCloud.on(cloud.db, new JsonObject().put("httpPort", port)).takeDatabaseFrom(cloud);
      try {
        JsonArray checks = TestHost.until(host.vertx(), Duration.ofSeconds(30), () -> {
          JsonArray a = posted(back, property, closed.getString("businessDate"));
          return a.isEmpty() ? null : a;
        });
        assertNotNull(checks, "posted when the cloud returns");
        assertEquals(1, checks.size());
        assertEquals(closed.getString("id"), checks.getJsonObject(0).getString("id"));
        assertEquals(0, (int) TestHost.until(host.vertx(), Duration.ofSeconds(30),
            () -> ((Number) TestHost.statusValue(host, "pendingTransactions")).intValue() == 0 ? 0 : null));
        assertEquals(1, posted(back, property, closed.getString("businessDate")).size(), "and only once");
      } finally {
        back.close();
      }
    }
  }

  @Test
  void aLostAcknowledgementPostsNothingTwice() throws Exception {
    try (TestCloud cloud = TestCloud.start(PosEndToEndTest.class, null)) {
      UUID property = TestCloud.propertyId(cloud.importProperty("Lossy Diner"));
      ServiceHostRegistry.Registration reg = cloud.register(property, "lossy host");
      Vertx vertx = Vertx.vertx();
      AtomicBoolean dropNextAck = new AtomicBoolean();
      AtomicInteger uploads = new AtomicInteger();
      HttpServer proxy = lossyProxy(vertx, URI.create(cloud.base()), dropNextAck, uploads);
      try (HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(),
          "http://127.0.0.1:" + proxy.actualPort(), reg.token(), 1), Clock.systemUTC())) {
        String session = signIn(cloud, property, host);
        dropNextAck.set(true); // the cloud stores the upload, its answer never reaches the host
        JsonObject closed = wholeCheck(host, session);
        assertNotNull(TestHost.until(host.vertx(), Duration.ofSeconds(30), () -> uploads.get() >= 2
            && ((Number) TestHost.statusValue(host, "pendingTransactions")).intValue() == 0 ? true : null),
            "uploaded again after the lost answer, then acknowledged");
        JsonArray checks = posted(cloud, property, closed.getString("businessDate"));
        assertEquals(1, checks.size(), "posted once");
        assertEquals(1L, (long) cloud.pool().query("SELECT count(*) FROM offline_transactions WHERE id = '"
            + closed.getString("id") + "'").execute().await().iterator().next().getLong(0));
      } finally {
        vertx.close().await();
      }
    }
  }

  @Test
  void aDeletedEmployeeCannotSignInOnAHostRestartedWithTheCloudDown() throws Exception {
    TestCloud cloud = TestCloud.start(PosEndToEndTest.class, null);
    UUID property = TestCloud.propertyId(cloud.importProperty("Strict Diner"));
    ServiceHostRegistry.Registration reg = cloud.register(property, "strict host");
    var conf = TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 1);
    String device;
    JsonObject gone;
    JsonObject stays;
    try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
      device = deviceToken(cloud, property, host);
      List<JsonObject> employees = host.config().current().table("employees").values().stream()
          .filter(e -> e.getBoolean("active")).sorted(java.util.Comparator.comparing(e -> e.getString("employeeNumber")))
          .toList();
      gone = employees.get(0);
      stays = employees.get(1);
      // deleted in the cloud with what still points at it, in one transaction (one version)
      cloud.sql("BEGIN; DELETE FROM shifts WHERE employee_id = '" + gone.getString("id") + "'; DELETE FROM employees "
          + "WHERE id = '" + gone.getString("id") + "'; COMMIT");
      TestHost.awaitVersion(host, cloud.version(property), "the deletion");
    }
    cloud.close(); // the cloud is gone for good
    try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
      assertEquals(200, TestHost.ready(host), "serving from its cache");
      String number = gone.getString("employeeNumber");
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.lanPort()
              + "/api/pos/sessions")).header("Authorization", "Bearer " + device).header("Content-Type",
              "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("employeeNumber",
              number).put("pin", number.substring(number.length() - 4)).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode(), refused.body());
      assertEquals("invalid_credentials", new JsonObject(refused.body()).getString("error"));
      String other = stays.getString("employeeNumber");
      assertNotNull(lan(host, "POST", "/api/pos/sessions", device, new JsonObject().put("employeeNumber", other)
          .put("pin", other.substring(other.length() - 4))).getString("sessionToken"), "the others still sign in");
    }
  }

  @Test
  void theScreenConfigurationHoldsNoSecret() throws Exception {
    try (TestCloud cloud = TestCloud.start(PosEndToEndTest.class, null)) {
      UUID property = TestCloud.propertyId(cloud.importProperty("Open Diner"));
      ServiceHostRegistry.Registration reg = cloud.register(property, "open host");
      try (HostRuntime host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(),
          reg.token(), 1), Clock.systemUTC())) {
        String session = signIn(cloud, property, host);
        JsonObject cfg = lan(host, "GET", "/api/pos/config", session, null);
        assertEquals(cloud.version(property), cfg.getInteger("version"));
        assertTrue(cfg.getJsonArray("menuItems").size() > 0);
        String text = cfg.encode();
        for (String secret : List.of("pinHash", "$2a$", "privateKey", "PRIVATE KEY", "paymentCredentialRef",
            "paymentProcessor", "authToken")) {
          assertTrue(!text.contains(secret), secret + " is not in the screen's configuration");
        }
        JsonObject employee = cfg.getJsonArray("employees").getJsonObject(0);
        assertEquals(java.util.Set.of("id", "firstName", "lastName"), employee.fieldNames());
      }
    }
  }

  /**
   * Forwards the host's HTTP calls to the cloud; with {@code dropNextAck} set, the next transaction upload reaches
   * the cloud but its answer is dropped (the connection closes), as when the link fails at the worst moment.
   * WebSockets are not forwarded: the host syncs through its heartbeats.
   */
  static HttpServer lossyProxy(Vertx vertx, URI cloud, AtomicBoolean dropNextAck, AtomicInteger uploads) {
    HttpClient client = vertx.createHttpClient();
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      boolean upload = req.path().equals("/api/sync/transactions");
      if (upload) {
        uploads.incrementAndGet();
      }
      RequestOptions o = new RequestOptions().setMethod(req.method()).setHost(cloud.getHost())
          .setPort(cloud.getPort()).setURI(req.uri()).setHeaders(req.headers());
      client.request(o).compose(r -> r.send(body)).compose(r -> r.body().map(b -> new Object[] {r, b}))
          .onSuccess(x -> {
            if (upload && dropNextAck.compareAndSet(true, false)) {
              req.connection().close();
              return;
            }
            io.vertx.core.http.HttpClientResponse r = (io.vertx.core.http.HttpClientResponse) x[0];
            req.response().setStatusCode(r.statusCode()).headers().addAll(r.headers());
            req.response().end((Buffer) x[1]);
          })
          .onFailure(err -> req.connection().close());
    })).listen(0, "127.0.0.1").await();
  }
}
