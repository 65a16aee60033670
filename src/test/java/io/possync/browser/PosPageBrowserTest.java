package io.possync.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.http.HttpErrors;
import io.possync.core.http.PosPage;
import io.possync.host.HostRuntime;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The POS page on a real host (its cache file, its LAN API) synced from a real cloud, in a real headless Chromium: a
 * check from sign-in to close as a person rings it, checked afterwards through the API and in the cloud. And the
 * page's serving: content types, JSON 404s beside it, CORS for a page of the other side. One cloud and one host for
 * the class.
 */
class PosPageBrowserTest {

  @TempDir
  static Path dir;

  static TestCloud cloud;
  static UUID property;
  static HostRuntime host;
  static ConfigSnapshot config;
  static String workstation;
  static String deviceToken;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    cloud = TestCloud.start(PosPageBrowserTest.class, null);
    property = TestCloud.propertyId(cloud.importProperty("Browser Bistro"));
    ServiceHostRegistry.Registration reg = cloud.register(property, "bistro host");
    host = TestHost.start(TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 1),
        Clock.systemUTC());
    ConfigSnapshot first = TestHost.awaitVersion(host, cloud.version(property), "the first sync");
    workstation = first.table("workstations").values().stream().filter(w -> w.getBoolean("active"))
        .map(w -> w.getString("id")).sorted().findFirst().orElseThrow();
    HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", workstation));
    assertEquals(201, issued.statusCode(), issued.body());
    deviceToken = new JsonObject(issued.body()).getString("token");
    config = TestHost.awaitVersion(host, cloud.version(property), "the device signing key");
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }

  static String lan() {
    return "http://127.0.0.1:" + host.lanPort();
  }

  @Test
  void aCheckIsRungFromSignInToCloseOnTheHost() throws Exception {
    JsonObject employee = config.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .min(Comparator.comparing(e -> e.getString("employeeNumber"))).orElseThrow();
    String number = employee.getString("employeeNumber");
    String pin = number.substring(number.length() - 4);
    Ring ring = itemWithARequiredGroup();

    try (Chromium chromium = Chromium.start()) {
      PosPageDriver page = new PosPageDriver(chromium.driver).open(lan() + "/", deviceToken, lan(), cloud.base());
      page.waitForMode("host");
      assertEquals("HOST", page.modeText());
      assertFalse(chromium.driver.getCurrentUrl().contains("token"), "the token leaves the address bar");

      page.signIn(number, pin);
      assertTrue(page.employeeName().contains(employee.getString("firstName")), page.employeeName());
      int checkNumber = page.openCheck();
      String checkId = page.checkId();

      // fewer modifiers than the required group's minimum: the page refuses, and sends nothing
      page.pickItem(ring.itemId);
      assertEquals("choose " + ring.required.getInteger("minSelect") + ".." + ring.required.getInteger("maxSelect"),
          page.groupRule(ring.required.getString("id")));
      page.chooseModifiers().clickAddLine();
      String refused = page.waitForError();
      assertTrue(refused.contains(ring.required.getString("name")) && refused.contains("choose"), refused);
      assertTrue(page.pickerShown(), "the picker stays open to choose again");
      assertEquals(0, page.lines().size());
      String session = apiSignIn(number, pin);
      assertEquals(0, get("/api/pos/checks/" + checkId, session).getJsonArray("lines").size(),
          "nothing reached the host");

      // within min..max: the line, with its modifiers
      page.chooseModifiers(ring.modifierIds.toArray(String[]::new)).confirmLine();
      assertEquals("", page.error());
      assertEquals(1, page.lines().size());
      assertEquals(ring.modifierIds.size(), page.lines().get(0)
          .findElements(By.cssSelector("[data-testid='line-modifier']")).size());
      assertEquals(ring.subtotalCents, page.cents("subtotal"));
      assertEquals(ring.totalCents, page.totalCents());
      assertEquals(ring.totalCents, page.balanceDueCents());

      page.send().payCash();
      assertEquals(0, page.balanceDueCents());
      assertEquals(ring.totalCents, page.cents("paid"));
      page.close();
      assertEquals("closed", page.checkStatus());
      assertEquals(checkNumber, page.checkNumber());
      assertTrue(chromium.driver.findElement(By.id("close")).getAttribute("disabled") != null,
          "nothing more to do on a closed check");

      // as the API has it
      JsonObject check = get("/api/pos/checks/" + checkId, session);
      assertEquals("closed", check.getString("status"));
      assertEquals(checkNumber, check.getInteger("number"));
      assertEquals(config.table("workstations").get(workstation).getString("rvcId"), check.getString("rvcId"),
          "opened in the workstation's revenue center");
      assertEquals(ring.subtotalCents, check.getLong("subtotalCents"));
      assertEquals(ring.totalCents, check.getLong("totalCents"));
      assertEquals(ring.totalCents, check.getLong("paidCents"));
      assertEquals(0L, check.getLong("balanceDueCents"));
      JsonObject line = check.getJsonArray("lines").getJsonObject(0);
      assertEquals(ring.itemId, line.getString("menuItemId"));
      assertEquals("sent", line.getString("status"));
      List<String> rung = new ArrayList<>();
      line.getJsonArray("modifiers").forEach(m -> rung.add(((JsonObject) m).getString("modifierId")));
      assertEquals(ring.modifierIds, rung);
      assertEquals(1, check.getJsonArray("payments").size());
      String cash = config.table("tenders").values().stream().filter(t -> "cash".equals(t.getString("tenderType")))
          .map(t -> t.getString("id")).findFirst().orElseThrow();
      assertEquals(cash, check.getJsonArray("payments").getJsonObject(0).getString("tenderId"));
      assertTrue(get("/api/pos/checks?status=open", session).getJsonArray("checks").stream()
          .noneMatch(c -> checkId.equals(((JsonObject) c).getString("id"))), "no longer open");

      // and posted to the cloud
      JsonObject posted = TestHost.until(host.vertx(), Duration.ofSeconds(15), () -> {
        HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + property + "/checks?businessDate="
            + check.getString("businessDate"), null);
        return r.statusCode() != 200 ? null : new JsonObject(r.body()).getJsonArray("checks").stream()
            .map(JsonObject.class::cast).filter(c -> checkId.equals(c.getString("id"))).findFirst().orElse(null);
      });
      assertNotNull(posted, "the closed check reached the cloud");
      assertEquals(ring.totalCents, posted.getLong("totalCents"));
      assertEquals("closed", posted.getString("status"));
    }
  }

  @Test
  void thePageIsServedBesideTheApiWhoseMissesStayJson() throws Exception {
    HttpResponse<String> page = send("GET", lan() + "/", Map.of());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().map()
        .toString());
    assertTrue(page.body().contains("id=\"mode\"") && page.body().contains("pos.js"), page.body());
    assertTrue(page.headers().firstValue("cache-control").orElse("").contains("max-age"), "cached a while");
    assertTrue(send("GET", lan() + "/pos.js", Map.of()).headers().firstValue("content-type").orElse("")
        .contains("javascript"));
    assertTrue(send("GET", lan() + "/pos.css", Map.of()).headers().firstValue("content-type").orElse("")
        .startsWith("text/css"));

    for (String missing : List.of("/api/pos/nothing-here", "/api/nothing", "/no-such-page.html", "/webroot/pos/pos.js")) {
      assertJson404(send("GET", lan() + missing, Map.of()), missing);
    }
    // the routes the page could shadow still answer as before
    assertEquals("up", new JsonObject(send("GET", lan() + "/health", Map.of()).body()).getString("status"));
    assertEquals(property.toString(), new JsonObject(send("GET", lan() + "/api/host/status", Map.of()).body())
        .getString("propertyId"));
    assertTrue(send("GET", lan() + "/metrics", Map.of()).headers().firstValue("content-type").orElse("")
        .startsWith("text/plain"));
    HttpResponse<String> noSession = send("GET", lan() + "/api/pos/checks", Map.of());
    assertEquals(401, noSession.statusCode(), noSession.body());
  }

  /**
   * The page under the cloud's mount point ({@code /pos/}) on a router of its own, as the cloud's HTTP verticle
   * mounts it: the page, the redirect of {@code /pos}, and JSON 404s beside it.
   */
  @Test
  void thePageMountedUnderPosSlashServesItsFilesThere() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.get("/api/thing").handler(ctx -> ctx.json(new JsonObject().put("thing", 1)));
      PosPage.mount(router, "/pos/");
      HttpErrors.install(router);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      String base = "http://127.0.0.1:" + server.actualPort();
      HttpResponse<String> page = send("GET", base + "/pos/", Map.of());
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
      assertTrue(page.body().contains("id=\"mode\""));
      HttpResponse<String> bare = send("GET", base + "/pos", Map.of());
      assertEquals(301, bare.statusCode());
      assertEquals("/pos/", bare.headers().firstValue("location").orElse(null), "so that pos.js resolves under /pos/");
      assertTrue(send("GET", base + "/pos/pos.js", Map.of()).headers().firstValue("content-type").orElse("")
          .contains("javascript"));
      assertEquals(1, new JsonObject(send("GET", base + "/api/thing", Map.of()).body()).getInteger("thing"));
      for (String missing : List.of("/", "/index.html", "/api/nothing", "/pos/nothing.js")) {
        assertJson404(send("GET", base + missing, Map.of()), missing);
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aPageOfTheOtherSideMayCallThePosApiHealthAndStatus() throws Exception {
    Map<String, String> preflight = Map.of("Origin", "https://cloud.example", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type,idempotency-key,if-match");
    HttpResponse<String> r = send("OPTIONS", lan() + "/api/pos/checks/x/lines", preflight);
    assertEquals(204, r.statusCode(), r.body());
    assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null));
    assertNull(r.headers().firstValue("access-control-allow-credentials").orElse(null), "no credentials");
    String methods = r.headers().firstValue("access-control-allow-methods").orElse("");
    for (String m : List.of("GET", "POST", "DELETE", "OPTIONS")) {
      assertTrue(methods.contains(m), methods);
    }
    String headers = r.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase();
    for (String h : List.of("authorization", "content-type", "idempotency-key", "if-match")) {
      assertTrue(headers.contains(h), headers);
    }
    for (String path : List.of("/health", "/api/host/status", "/api/pos/config")) {
      HttpResponse<String> g = send("GET", lan() + path, Map.of("Origin", "https://cloud.example"));
      assertEquals("*", g.headers().firstValue("access-control-allow-origin").orElse(null), path);
    }
    assertEquals(204, send("OPTIONS", lan() + "/health", preflight).statusCode());
    HttpResponse<String> metrics = send("GET", lan() + "/metrics", Map.of("Origin", "https://cloud.example"));
    assertNull(metrics.headers().firstValue("access-control-allow-origin").orElse(null), "metrics stay the LAN's");
  }

  /** The real cloud node of the class serves the page at /pos/ and lets a page of the host call its POS API. */
  @Test
  void theCloudNodeServesThePageAtPosSlashAndAnswersAPreflightOfItsPosApi() throws Exception {
    HttpResponse<String> page = send("GET", cloud.base() + "/pos/", Map.of());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().map()
        .toString());
    assertTrue(page.body().contains("id=\"mode\"") && page.body().contains("pos.js"), page.body());
    HttpResponse<String> script = send("GET", cloud.base() + "/pos/pos.js", Map.of());
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("content-type").orElse("").contains("javascript"),
        script.headers().map().toString());
    assertTrue(script.body().contains("CLOUD (GREEN)"), "the page's script");
    assertEquals("/pos/", send("GET", cloud.base() + "/pos", Map.of()).headers().firstValue("location").orElse(null));

    // the page served by the host calls the cloud when the host is away: a preflight from the host's origin
    Map<String, String> preflight = Map.of("Origin", lan(), "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type,idempotency-key,if-match");
    HttpResponse<String> r = send("OPTIONS", cloud.base() + "/api/pos/checks", preflight);
    assertEquals(204, r.statusCode(), r.body());
    assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null));
    assertNull(r.headers().firstValue("access-control-allow-credentials").orElse(null), "no credentials");
    String methods = r.headers().firstValue("access-control-allow-methods").orElse("");
    for (String m : List.of("GET", "POST", "DELETE")) {
      assertTrue(methods.contains(m), methods);
    }
    String headers = r.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase();
    for (String h : List.of("authorization", "content-type", "idempotency-key", "if-match")) {
      assertTrue(headers.contains(h), headers);
    }
    // and the answers themselves carry the origin the browser needs to read them
    HttpResponse<String> health = send("GET", cloud.base() + "/health", Map.of("Origin", lan()));
    assertEquals(200, health.statusCode());
    assertEquals("*", health.headers().firstValue("access-control-allow-origin").orElse(null));
    HttpResponse<String> noSession = send("GET", cloud.base() + "/api/pos/checks", Map.of("Origin", lan()));
    assertEquals(401, noSession.statusCode(), noSession.body());
    assertEquals("*", noSession.headers().firstValue("access-control-allow-origin").orElse(null),
        "the page can read why it was refused");
    // the cloud's admin API is not the page's: no CORS there
    HttpResponse<String> admin = send("GET", cloud.base() + "/api/admin/service-hosts", Map.of("Origin", lan()));
    assertEquals(401, admin.statusCode(), admin.body());
    assertNull(admin.headers().firstValue("access-control-allow-origin").orElse(null), "admin stays the cloud's");
  }

  static void assertJson404(HttpResponse<String> r, String path) {
    assertEquals(404, r.statusCode(), path + ": " + r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
    assertEquals("not_found", new JsonObject(r.body()).getString("error"), path);
  }

  /** An item of the page's menu with a required modifier group, the modifiers to choose and what the check costs. */
  record Ring(String itemId, JsonObject required, List<String> modifierIds, long subtotalCents, long totalCents) {
  }

  /**
   * The first item (by name) with a modifier group of at least one choice; for each of its groups, the fewest
   * modifiers it needs, at least one (a priced one when there is one). Its total by POS-API section 4, one line.
   */
  static Ring itemWithARequiredGroup() {
    Map<String, JsonObject> items = config.table("menu_items");
    Map<String, JsonObject> groups = config.table("modifier_groups");
    Map<String, JsonObject> modifiers = config.table("modifiers");
    for (JsonObject item : items.values().stream().filter(i -> i.getBoolean("active"))
        .sorted(Comparator.comparing(i -> i.getString("name"))).toList()) {
      List<JsonObject> its = config.table("menu_item_modifier_groups").values().stream()
          .filter(l -> item.getString("id").equals(l.getString("menuItemId")))
          .sorted(Comparator.comparing((JsonObject l) -> l.getInteger("sortOrder")).thenComparing(l -> l.getString("id")))
          .map(l -> groups.get(l.getString("modifierGroupId"))).filter(g -> g != null && g.getBoolean("active"))
          .toList();
      JsonObject required = its.stream().filter(g -> g.getInteger("minSelect") >= 1).findFirst().orElse(null);
      if (required == null) {
        continue;
      }
      List<String> chosen = new ArrayList<>();
      long subtotal = item.getLong("priceCents");
      boolean fits = true;
      for (JsonObject g : its) {
        List<JsonObject> mods = config.table("modifier_group_modifiers").values().stream()
            .filter(x -> g.getString("id").equals(x.getString("modifierGroupId")))
            .sorted(Comparator.comparing((JsonObject x) -> x.getInteger("sortOrder")).thenComparing(x -> x.getString("id")))
            .map(x -> modifiers.get(x.getString("modifierId"))).filter(m -> m != null && m.getBoolean("active"))
            .sorted(Comparator.comparing((JsonObject m) -> m.getLong("priceCents") > 0 ? 0 : 1))
            .toList();
        int n = Math.max(g.getInteger("minSelect"), Math.min(1, g.getInteger("maxSelect")));
        if (mods.size() < n) {
          fits = false;
          break;
        }
        for (JsonObject m : mods.subList(0, n)) {
          chosen.add(m.getString("id"));
          subtotal += m.getLong("priceCents");
        }
      }
      if (!fits) {
        continue;
      }
      JsonObject rvc = config.table("rvcs").get(config.table("workstations").get(workstation).getString("rvcId"));
      JsonObject tax = item.getString("taxGroupId") == null ? null : config.table("tax_groups")
          .get(item.getString("taxGroupId"));
      BigDecimal rate = tax == null ? BigDecimal.ZERO : new BigDecimal(tax.getValue("ratePercent").toString());
      BigDecimal base = BigDecimal.valueOf(subtotal);
      long total;
      if (rvc.getBoolean("taxInclusive", false)) {
        total = subtotal;
      } else {
        total = subtotal + base.multiply(rate).divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValue();
      }
      return new Ring(item.getString("id"), required, chosen, subtotal, total);
    }
    throw new AssertionError("the generated property has no item with a required modifier group");
  }

  static String apiSignIn(String number, String pin) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lan() + "/api/pos/sessions"))
        .header("Authorization", "Bearer " + deviceToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("employeeNumber", number).put("pin", pin)
            .encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("sessionToken");
  }

  static JsonObject get(String path, String session) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lan() + path))
        .header("Authorization", "Bearer " + session).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  static HttpResponse<String> send(String method, String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
