package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.support.HostProcess;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card payment stored while the processor was down, and the host process SIGKILLed while it forwards it: after the
 * restart it is forwarded again under the same Idempotency-Key (the processor charges a key once), ends approved,
 * and the cache file keeps no trace of the card's encrypted data. The processor is a fake on loopback.
 */
class KilledWhileForwardingTest {

  @TempDir
  Path dir;

  enum Mode { DOWN, HOLD, APPROVE }

  @Test
  void aPaymentForwardedWhenTheHostIsKilledIsChargedOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicReference<Mode> mode = new AtomicReference<>(Mode.DOWN);
    List<String> keys = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> held = new CompletableFuture<>();
    HttpServer processor = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      Mode now = mode.get(); // one reading per request: what it is recorded as is what it gets
      keys.add(req.getHeader("Idempotency-Key") + " " + now);
      switch (now) {
        case DOWN -> req.response().setStatusCode(503).end();
        case HOLD -> held.complete(null); // received; never answered: the host dies first
        default -> req.response().putHeader("content-type", "application/json").end(new JsonObject()
            .put("status", "approved").put("authCode", "A1B2C3").put("processorRef", "ref-1").encode());
      }
    })).listen(0, "127.0.0.1").await();
    try (TestCloud cloud = TestCloud.start(KilledWhileForwardingTest.class, null)) {
      JsonObject file = cloud.importProperty("Card Grill");
      UUID property = TestCloud.propertyId(file);
      cloud.sql("UPDATE properties SET payment_credential_ref = 'vault:test', offline_card_limit_cents = 100000, "
          + "offline_card_total_limit_cents = 500000 WHERE id = '" + property + "'");
      String workstation = file.getJsonArray("workstations").getJsonObject(0).getString("id");
      HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
          new JsonObject().put("deviceId", workstation));
      String device = new JsonObject(issued.body()).getString("token");
      String number = file.getJsonArray("employees").getJsonObject(0).getString("employeeNumber");
      String rvc = file.getJsonArray("revenueCenters").getJsonObject(0).getString("id");
      java.util.Set<String> withGroups = new java.util.HashSet<>();
      file.getJsonArray("menuItemModifierGroups").forEach(l -> withGroups.add(((JsonObject) l).getString("menuItemId")));
      String item = file.getJsonArray("menuItems").stream().map(o -> (JsonObject) o)
          .filter(i -> i.getBoolean("active") && !withGroups.contains(i.getString("id"))).findFirst().orElseThrow()
          .getString("id");
      String card = file.getJsonArray("tenders").stream().map(o -> (JsonObject) o)
          .filter(t -> t.getBoolean("usesProcessor") && t.getBoolean("active")).findFirst().orElseThrow()
          .getString("id");

      Path vault = dir.resolve("vault.json");
      Files.writeString(vault, new JsonObject().put("vault:test", new JsonObject()
          .put("url", "http://127.0.0.1:" + processor.actualPort()).put("apiKey", "sk_test_never_logged")).encode());
      Files.setPosixFilePermissions(vault, PosixFilePermissions.fromString("rw-------"));
      ServiceHostRegistry.Registration reg = cloud.register(property, "card host");
      var hostConf = TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 300);
      try (HostRuntime first = TestHost.start(hostConf, java.time.Clock.systemUTC())) {
        TestHost.awaitVersion(first, cloud.version(property), "the first sync");
      }
      int port = TestHost.freePort();
      Path conf = HostProcess.conf(dir, hostConf, cloud.base(), port, 300, vault);

      String checkId;
      String paymentId;
      try (HostProcess host = HostProcess.start(conf, port)) {
        String session = host.signIn(device, number);
        checkId = new JsonObject(host.call("POST", "/api/pos/checks", session, new JsonObject().put("rvcId", rvc)
            .put("guestCount", 1), null).body()).getString("id");
        JsonObject rung = new JsonObject(host.call("POST", "/api/pos/checks/" + checkId + "/lines", session,
            new JsonObject().put("menuItemId", item), null).body());
        HttpResponse<String> paid = host.call("POST", "/api/pos/checks/" + checkId + "/payments", session,
            new JsonObject().put("tenderId", card).put("amountCents", rung.getLong("totalCents"))
                .put("card", new JsonObject().put("encryptedData", "ENCRYPTED-CARD-BLOB-7f3a").put("last4", "4242")
                    .put("brand", "visa")), UUID.randomUUID().toString());
        assertEquals(201, paid.statusCode(), paid.body());
        JsonObject payment = new JsonObject(paid.body()).getJsonArray("payments").getJsonObject(0);
        assertEquals("stored", payment.getString("status"), "stored while the processor is down");
        paymentId = payment.getString("id");
        mode.set(Mode.HOLD); // the processor answers again: the next forward reaches it and gets no answer
        held.get(90, TimeUnit.SECONDS);
      } // SIGKILL in the middle of the forward

      mode.set(Mode.APPROVE);
      try (HostProcess host = HostProcess.start(conf, port)) {
        String session = host.signIn(device, number);
        String approved = TestHost.until(vertx, Duration.ofSeconds(90), () -> {
          try {
            JsonObject check = new JsonObject(host.call("GET", "/api/pos/checks/" + checkId, session, null, null)
                .body());
            String status = check.getJsonArray("payments").getJsonObject(0).getString("status");
            return "approved".equals(status) ? status : null;
          } catch (Exception e) {
            return null;
          }
        });
        assertEquals("approved", approved, "forwarded after the restart");
        JsonArray listed = new JsonObject(host.call("GET", "/api/pos/payments?status=approved", session, null, null)
            .body()).getJsonArray("payments");
        assertEquals(1, listed.stream().filter(p -> paymentId.equals(((JsonObject) p).getString("id"))).count());
      }
      assertTrue(keys.stream().allMatch(k -> k.startsWith(paymentId + " ")),
          "every call for the payment carried its id as Idempotency-Key: " + keys);
      assertTrue(keys.stream().anyMatch(k -> k.endsWith("HOLD")) && keys.stream().anyMatch(k -> k.endsWith("APPROVE")),
          String.valueOf(keys));
      byte[] raw = Files.readAllBytes(hostConf.dataDir().resolve("cache.db"));
      Path wal = hostConf.dataDir().resolve("cache.db-wal");
      String all = new String(raw, StandardCharsets.ISO_8859_1)
          + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
      assertTrue(!all.contains("ENCRYPTED-CARD-BLOB-7f3a"), "no card data in clear in the file");
    } finally {
      vertx.close().await();
    }
  }
}
