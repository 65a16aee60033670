package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.TestCloud;
import io.possync.support.HostProcess;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host process killed (SIGKILL) while workstations ring a check: after a restart every write it acknowledged is
 * in the check, and the check is whole (its revision counts its writes).
 */
class KilledWhileRingingTest {

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What a test needs of a property: ids from its file and a device token the cloud issued. */
  record Shop(UUID property, String device, String number, String rvc, String item, String cash) {

    static Shop of(TestCloud cloud, JsonObject file) {
      UUID property = TestCloud.propertyId(file);
      String workstation = file.getJsonArray("workstations").getJsonObject(0).getString("id");
      HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
          new JsonObject().put("deviceId", workstation));
      assertEquals(201, issued.statusCode(), issued.body());
      Set<String> withGroups = new HashSet<>();
      file.getJsonArray("menuItemModifierGroups").forEach(l -> withGroups.add(((JsonObject) l).getString("menuItemId")));
      // an item without modifier groups: any line of it is valid
      String item = file.getJsonArray("menuItems").stream().map(o -> (JsonObject) o)
          .filter(i -> i.getBoolean("active") && !withGroups.contains(i.getString("id"))).findFirst().orElseThrow()
          .getString("id");
      String cash = file.getJsonArray("tenders").stream().map(o -> (JsonObject) o)
          .filter(t -> "cash".equals(t.getString("tenderType"))).findFirst().orElseThrow().getString("id");
      return new Shop(property, new JsonObject(issued.body()).getString("token"),
          file.getJsonArray("employees").getJsonObject(0).getString("employeeNumber"),
          file.getJsonArray("revenueCenters").getJsonObject(0).getString("id"), item, cash);
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesAKill() throws Exception {
    try (TestCloud cloud = TestCloud.start(KilledWhileRingingTest.class, null)) {
      Shop shop = Shop.of(cloud, cloud.importProperty("Kill Grill"));
      ServiceHostRegistry.Registration reg = cloud.register(shop.property(), "kill host");
      var hostConf = TestHost.config(dir, shop.property(), reg.serviceHostId(), cloud.base(), reg.token(), 300);
      // a first sync in this process: the host processes below start from their cache, ready at once
      try (HostRuntime first = TestHost.start(hostConf, java.time.Clock.systemUTC())) {
        TestHost.awaitVersion(first, cloud.version(shop.property()), "the first sync");
      }
      int port = TestHost.freePort();
      Path conf = HostProcess.conf(dir, hostConf, cloud.base(), port, 300, null);

      String checkId = null;
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      int acknowledgedRevision = 0;
      for (int round = 0; round < 3; round++) {
        HostProcess host = HostProcess.start(conf, port);
        String session = host.signIn(shop.device(), shop.number()); // sessions live in memory: sign in again
        if (checkId == null) {
          HttpResponse<String> opened = host.call("POST", "/api/pos/checks", session, new JsonObject()
              .put("rvcId", shop.rvc()).put("guestCount", 2), null);
          assertEquals(201, opened.statusCode(), opened.body());
          checkId = new JsonObject(opened.body()).getString("id");
        } else {
          // what was acknowledged before the last kill is all there
          JsonObject check = new JsonObject(host.call("GET", "/api/pos/checks/" + checkId, session, null, null)
              .body());
          Set<String> lines = new HashSet<>();
          check.getJsonArray("lines").forEach(l -> lines.add(((JsonObject) l).getString("id")));
          assertTrue(lines.containsAll(acknowledged), "round " + round + ": acknowledged lines kept");
          assertTrue(check.getInteger("revision") >= acknowledgedRevision);
          assertEquals(check.getInteger("revision"), lines.size() + 1, "one revision per write, none half done");
        }
        // a burst of writes; the host is killed once the first answers come back, with others in flight
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        String path = "/api/pos/checks/" + checkId + "/lines";
        for (int i = 0; i < 12; i++) {
          burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + session)
              .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
              .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("menuItemId", shop.item()).encode()))
              .build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.anyOf(burst.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        host.kill();
        for (CompletableFuture<HttpResponse<String>> f : burst) {
          HttpResponse<String> r;
          try {
            r = f.get(30, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            continue; // not answered: the kill came first
          }
          if (r.statusCode() == 201) {
            JsonObject check = new JsonObject(r.body());
            check.getJsonArray("lines").forEach(l -> acknowledged.add(((JsonObject) l).getString("id")));
            acknowledgedRevision = Math.max(acknowledgedRevision, check.getInteger("revision"));
          }
        }
      }
      assertTrue(acknowledged.size() > 0, "some writes were acknowledged before a kill");
      try (HostProcess host = HostProcess.start(conf, port)) {
        String session = host.signIn(shop.device(), shop.number());
        JsonObject check = new JsonObject(host.call("GET", "/api/pos/checks/" + checkId, session, null, null).body());
        Set<String> lines = new HashSet<>();
        check.getJsonArray("lines").forEach(l -> lines.add(((JsonObject) l).getString("id")));
        assertTrue(lines.containsAll(acknowledged), "every acknowledged line after the last kill");
        System.out.println("killed while ringing: " + acknowledged.size() + " acknowledged lines kept, " + lines.size()
            + " in the check");
      }
    }
  }

  @Test
  void aHostKilledBetweenUploadAndAcknowledgementPostsTheCheckOnce() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (TestCloud cloud = TestCloud.start(KilledWhileRingingTest.class, null)) {
      Shop shop = Shop.of(cloud, cloud.importProperty("Ack Grill"));
      // The host reaches the cloud through a proxy that, once armed, lets an upload reach the cloud and then holds
      // the answer: the moment the host is killed.
      java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
      CompletableFuture<Void> storedInCloud = new CompletableFuture<>();
      io.vertx.core.http.HttpClient client = vertx.createHttpClient();
      URI base = URI.create(cloud.base());
      io.vertx.core.http.HttpServer proxy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
        boolean upload = req.path().equals("/api/sync/transactions");
        if (upload) {
          uploads.incrementAndGet();
        }
        client.request(new io.vertx.core.http.RequestOptions().setMethod(req.method()).setHost(base.getHost())
                .setPort(base.getPort()).setURI(req.uri()).setHeaders(req.headers()))
            .compose(r -> r.send(b)).compose(r -> r.body().map(body -> new Object[] {r, body}))
            .onSuccess(x -> {
              if (upload && armed.compareAndSet(true, false)) {
                storedInCloud.complete(null); // the cloud stored it; its answer never leaves the proxy
                return;
              }
              io.vertx.core.http.HttpClientResponse r = (io.vertx.core.http.HttpClientResponse) x[0];
              req.response().setStatusCode(r.statusCode()).headers().addAll(r.headers());
              req.response().end((io.vertx.core.buffer.Buffer) x[1]);
            }).onFailure(err -> req.connection().close());
      })).listen(0, "127.0.0.1").await();

      ServiceHostRegistry.Registration reg = cloud.register(shop.property(), "ack host");
      var hostConf = TestHost.config(dir, shop.property(), reg.serviceHostId(), cloud.base(), reg.token(), 1);
      try (HostRuntime first = TestHost.start(hostConf, java.time.Clock.systemUTC())) {
        TestHost.awaitVersion(first, cloud.version(shop.property()), "the first sync");
      }
      int port = TestHost.freePort();
      Path conf = HostProcess.conf(dir, hostConf, "http://127.0.0.1:" + proxy.actualPort(), port, 1, null);

      String checkId;
      try (HostProcess host = HostProcess.start(conf, port)) {
        String session = host.signIn(shop.device(), shop.number());
        checkId = new JsonObject(host.call("POST", "/api/pos/checks", session, new JsonObject()
            .put("rvcId", shop.rvc()).put("guestCount", 1), null).body()).getString("id");
        JsonObject rung = new JsonObject(host.call("POST", "/api/pos/checks/" + checkId + "/lines", session,
            new JsonObject().put("menuItemId", shop.item()), null).body());
        host.call("POST", "/api/pos/checks/" + checkId + "/payments", session, new JsonObject()
            .put("tenderId", shop.cash()).put("amountCents", rung.getLong("totalCents")), null);
        armed.set(true);
        assertEquals(200, host.call("POST", "/api/pos/checks/" + checkId + "/close", session, null, null)
            .statusCode());
        storedInCloud.get(30, TimeUnit.SECONDS);
      } // SIGKILL while the acknowledgement is on its way
      String sql = "SELECT (SELECT count(*) FROM offline_transactions WHERE id = '" + checkId + "'), "
          + "(SELECT count(*) FROM posted_checks WHERE id = '" + checkId + "')";
      assertEquals("1/1", posted(cloud, sql), "stored once before the kill");

      try (HostProcess host = HostProcess.start(conf, port)) {
        int before = uploads.get();
        // the restarted host still has the check in its queue and sends it again; the cloud keeps one
        Integer pending = TestHost.until(vertx, Duration.ofSeconds(30), () -> {
          try {
            JsonObject status = new JsonObject(host.call("GET", "/api/host/status", "-", null, null).body());
            return uploads.get() > before && status.getInteger("pendingTransactions") == 0 ? 0 : null;
          } catch (Exception e) {
            return null;
          }
        });
        assertEquals(0, pending, "uploaded again after the restart, and acknowledged");
        assertEquals("1/1", posted(cloud, sql), "posted once");
      }
    } finally {
      vertx.close().await();
    }
  }

  static String posted(TestCloud cloud, String sql) {
    var row = cloud.pool().query(sql).execute().await().iterator().next();
    return row.getLong(0) + "/" + row.getLong(1);
  }
}
