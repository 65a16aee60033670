package io.possync.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.config.HostConfig;
import io.possync.host.HostRuntime;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.PosClient;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * GREEN mode (POS-API.md section 8) as a workstation lives it, in a real headless Chromium on a real host and a real
 * cloud: the page opened from the host goes on on the cloud when the host stops, with the check it had open, and
 * comes back to the host when the host returns at the same address and has merged what was sold on the cloud; the
 * check is then closed on the host, closed on both sides, posted once, and the cloud's send is on the host's print
 * queue. A write the host does not answer in time (a host alive but slow: its answers dropped by a {@link SilentProxy})
 * is not made again on the cloud: the line, or the check, is there once, and the page says what to check. One cloud
 * for the class; the host beats every second, so a run takes seconds.
 */
class GreenModeBrowserTest {

  @TempDir
  static Path dir;

  static TestCloud cloud;
  static UUID property;
  static ServiceHostRegistry.Registration registration;
  /** The host's LAN port, the same for the host and the host started again: the page's host URL stays. */
  static int lanPort;
  static HostRuntime host;
  static ConfigSnapshot config;
  static String deviceToken;
  /** Another workstation's device token: the changes it makes show on the page through /ws/pos. */
  static String otherDeviceToken;
  static String rvc;

  @BeforeAll
  static void start() throws Exception {
    cloud = TestCloud.start(GreenModeBrowserTest.class, null);
    property = TestCloud.propertyId(cloud.importProperty("Green Browser Bistro"));
    registration = cloud.register(property, "green bistro host");
    lanPort = TestHost.freePort();
    host = startHost();
    ConfigSnapshot first = TestHost.awaitVersion(host, cloud.version(property), "the first sync");
    List<String> workstations = first.table("workstations").values().stream().filter(w -> w.getBoolean("active"))
        .map(w -> w.getString("id")).sorted().toList();
    deviceToken = deviceToken(workstations.get(0));
    otherDeviceToken = deviceToken(workstations.get(1));
    rvc = first.table("workstations").get(workstations.get(0)).getString("rvcId");
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

  static String deviceToken(String workstation) {
    HttpResponse<String> issued = cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", workstation));
    assertEquals(201, issued.statusCode(), issued.body());
    return new JsonObject(issued.body()).getString("token");
  }

  /** The property's host on the class's data dir and LAN port (the same host when started again). */
  static HostRuntime startHost() throws Exception {
    HostConfig c = TestHost.config(dir.resolve("host"), property, registration.serviceHostId(), cloud.base(),
        registration.token(), 1, lanPort);
    return TestHost.start(c, Clock.systemUTC());
  }

  static String lan() {
    return "http://127.0.0.1:" + lanPort;
  }

  @Test
  void aCheckOpenWhenTheHostStopsGoesOnOnTheCloudAndIsClosedOnTheHostOnceItIsBackAndMerged() throws Exception {
    JsonObject employee = config.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .min(Comparator.comparing(e -> e.getString("employeeNumber"))).orElseThrow();
    String number = employee.getString("employeeNumber");
    String pin = number.substring(number.length() - 4);
    List<String> items = itemsWithoutRequiredModifiers();
    PosClient onCloud = new PosClient(cloud.base());
    String cloudSession = onCloud.signIn(deviceToken, number);

    try (Chromium chromium = Chromium.start()) {
      PosPageDriver page = new PosPageDriver(chromium.driver).open(lan() + "/", deviceToken, lan(), cloud.base());
      page.waitForMode("host");
      page.signIn(number, pin);
      int checkNumber = page.openCheck();
      String checkId = page.checkId();
      page.ring(items.get(0));
      assertEquals(List.of(items.get(0)), shownItems(page));

      // the host sends the check to the cloud as it changes: the cloud has it, with its line
      awaitCheck(host, onCloud, cloudSession, checkId, c -> lines(c).size() == 1, "the cloud has the host's check");

      // the host stops with the check open
      host.close();
      host = null;
      page.waitForMode("cloud", Duration.ofSeconds(6));
      assertEquals("CLOUD (GREEN)", page.modeText());
      assertTrue(page.el("pos-screen").isDisplayed(), "still selling: the page signed in on both sides");
      assertEquals(checkId, page.checkId(), "the same check");
      assertEquals(checkNumber, page.checkNumber());
      assertEquals("open", page.checkStatus());
      assertEquals(List.of(items.get(0)), shownItems(page));
      assertEquals("", page.error(), "nothing went wrong for the person at the workstation");
      // the page follows the cloud: a check another workstation opens there shows in its list (over /ws/pos)
      String elsewhere = onCloud.ok("POST", "/api/pos/checks", onCloud.signIn(otherDeviceToken, number),
          new JsonObject().put("rvcId", rvc).put("guestCount", 3)).getString("id");
      page.await("the check opened on the cloud at another workstation in the open checks",
          d -> page.openCheckIds().contains(elsewhere));

      // it goes on on the cloud
      page.ring(items.get(1)).send();
      assertEquals(List.of(items.get(0), items.get(1)), shownItems(page));
      assertEquals("cloud", page.mode());
      assertEquals("", page.error());
      JsonObject onTheCloud = onCloud.check(cloudSession, checkId);
      assertEquals(checkNumber, onTheCloud.getInteger("number"));
      assertEquals(List.of(items.get(0), items.get(1)), lines(onTheCloud).stream()
          .map(l -> l.getString("menuItemId")).toList(), "the cloud has both lines");
      assertTrue(lines(onTheCloud).stream().allMatch(l -> "sent".equals(l.getString("status"))), "sent on the cloud");
      assertEquals(page.totalCents(), onTheCloud.getLong("totalCents"));

      // the host comes back at the same address, on the same data; the page goes back to it once it has merged
      host = startHost();
      page.waitForMode("host", Duration.ofSeconds(30));
      assertEquals("HOST", page.modeText());
      // the host's sessions lived in the memory of the one that stopped: the page may ask for the PIN again
      page.await("the sign-in screen, or the selling screen on a session the host knows",
          d -> page.signInShown() || hostKnowsThePagesSession(page, checkId));
      if (page.signInShown()) {
        String reason = page.waitForSignIn();
        assertTrue(reason.contains("host"), "it says why: on the host now; it says \"" + reason + "\"");
        page.signIn(number, pin);
      }
      assertEquals("host", page.mode());
      PosClient onHost = new PosClient(lan());
      String hostSession = onHost.signIn(deviceToken, number);
      JsonObject merged = onHost.check(hostSession, checkId);
      assertEquals(List.of(items.get(0), items.get(1)), lines(merged).stream().map(l -> l.getString("menuItemId"))
          .toList(), "the merge brought the cloud's line to the host");
      page.await("the check as the host has it", d -> checkId.equals(page.checkId())
          && shownLines(page).equals(lineStates(merged)) && page.totalCents() == merged.getLong("totalCents"));
      assertEquals(checkNumber, page.checkNumber());
      assertEquals("", page.error());
      // the page follows the host again: a check another workstation opens there shows in its list
      String elsewhereOnHost = onHost.ok("POST", "/api/pos/checks", onHost.signIn(otherDeviceToken, number),
          new JsonObject().put("rvcId", rvc).put("guestCount", 4)).getString("id");
      page.await("the check opened on the host at another workstation in the open checks",
          d -> page.openCheckIds().contains(elsewhereOnHost));
      assertTrue(page.openCheckIds().contains(elsewhere), "the check opened on the cloud is the host's now too");

      // paid and closed on the host, through the page
      page.payCash().close();
      assertEquals("host", page.mode());
      assertEquals(0, page.balanceDueCents());
      assertEquals("", page.error());

      JsonObject closed = onHost.check(hostSession, checkId);
      assertEquals("closed", closed.getString("status"), "closed on the host");
      assertEquals(closed.getLong("totalCents"), closed.getLong("paidCents"));
      assertEquals(2, lines(closed).size());
      awaitCheck(host, onCloud, cloudSession, checkId, c -> "closed".equals(c.getString("status")),
          "the cloud has the check closed too");
      String businessDate = closed.getString("businessDate");
      assertNotNull(TestHost.until(host.vertx(), Duration.ofSeconds(15), () -> posted(businessDate, checkId) == 1
          ? true : null), "the closed check was posted to the cloud");
      // a last exchange settles whatever was left, and still one posting
      assertNotNull(TestHost.until(host.vertx(), Duration.ofSeconds(15),
          () -> Boolean.TRUE.equals(TestHost.statusValue(host, "checksMerged")) ? true : null));
      assertEquals(1, posted(businessDate, checkId), "posted exactly once");

      // the send made on the cloud is on the host's printers' queue (nothing listens at the sample's printer ports)
      assertNotNull(TestHost.until(host.vertx(), Duration.ofSeconds(15), () -> onHost.ok("GET",
              "/api/pos/print-jobs?status=queued", hostSession, null).getJsonArray("printJobs").stream()
          .map(JsonObject.class::cast)
          .anyMatch(j -> checkId.equals(j.getString("checkId")) && "chit".equals(j.getString("kind"))) ? true : null),
          () -> "the chit of the cloud's send on the host's print queue: " + onHost.ok("GET",
              "/api/pos/print-jobs?status=queued", hostSession, null).encode());
    }
  }

  /**
   * The host stops answering (alive, slow: its answers never come) as an item is rung: it rings the line and mirrors
   * the check to the cloud, while the page hears nothing within 2 s and goes to the cloud. The page does not ring the
   * line again there (the cloud does not know the write's Idempotency-Key); it shows the check as the cloud has it,
   * with the line the host rang, and says to check the order before ringing it again. The line is on the check once.
   */
  @Test
  void aLineRungAsTheHostStopsAnsweringIsRungOnceAndThePageSaysToCheckTheOrder() throws Exception {
    JsonObject employee = firstEmployee();
    String number = employee.getString("employeeNumber");
    List<String> items = itemsWithoutRequiredModifiers();
    PosClient onCloud = new PosClient(cloud.base());
    String cloudSession = onCloud.signIn(deviceToken, number);

    try (SilentProxy hostLink = SilentProxy.to(lanPort); Chromium chromium = Chromium.start()) {
      PosPageDriver page = new PosPageDriver(chromium.driver)
          .open(hostLink.base() + "/", deviceToken, hostLink.base(), cloud.base());
      page.waitForMode("host");
      page.signIn(number, pin(employee));
      int checkNumber = page.openCheck();
      String checkId = page.checkId();
      page.ring(items.get(0));
      awaitCheck(host, onCloud, cloudSession, checkId, c -> lines(c).size() == 1, "the cloud has the host's check");

      // the host goes silent right before the write (an item with modifier groups shows its picker first)
      if (hasModifierGroups(items.get(1))) {
        page.pickItem(items.get(1)).chooseModifiers();
        hostLink.silence();
        page.clickAddLine();
      } else {
        hostLink.silence();
        page.tapItem(items.get(1));
      }
      page.waitForMode("cloud", Duration.ofSeconds(8));
      String said = page.waitForUnanswered("host");
      assertTrue(said.contains("The host did not answer") && said.contains("check the order before ringing it again"),
          "it says what happened and what to do; it says \"" + said + "\"");

      // the host rang the line and mirrored it; the page did not ring it again on the cloud
      JsonObject onTheCloud = awaitCheck(host, onCloud, cloudSession, checkId, c -> lines(c).size() >= 2,
          "the line the host rang on the cloud");
      assertEquals(List.of(items.get(0), items.get(1)), menuItems(onTheCloud), "the line is on the cloud's check once");
      PosClient onHost = new PosClient(lan());
      assertEquals(List.of(items.get(0), items.get(1)),
          menuItems(onHost.check(onHost.signIn(deviceToken, number), checkId)), "and on the host's once");

      // the page shows the check as the cloud has it: the person sees that the line made it
      page.await("the check as the cloud has it", d -> checkId.equals(page.checkId())
          && shownLines(page).equals(lineStates(onTheCloud)));
      assertFalse(page.pickerShown(), "the picker closed: the check shows");
      assertEquals(checkNumber, page.checkNumber());
      assertEquals("open", page.checkStatus());
      assertTrue(page.el("pos-screen").isDisplayed(), "still selling: the page signed in on both sides");
      assertEquals("cloud", page.mode());

      // and goes on on the cloud
      page.ring(items.get(0));
      assertEquals("", page.error());
      assertEquals(List.of(items.get(0), items.get(1), items.get(0)), shownItems(page));
      assertEquals(List.of(items.get(0), items.get(1), items.get(0)), menuItems(onCloud.check(cloudSession, checkId)));
    }
  }

  /**
   * The host stops answering as a check is opened: it opens the check and mirrors it to the cloud, while the page
   * hears nothing within 2 s and goes to the cloud. The page does not open another check there: it shows the open
   * checks as the cloud has them, the host's new one among them, and says to look for it before opening another.
   */
  @Test
  void aCheckOpenedAsTheHostStopsAnsweringIsOpenedOnceAndThePageSaysWhereToLookForIt() throws Exception {
    JsonObject employee = firstEmployee();
    String number = employee.getString("employeeNumber");
    List<String> items = itemsWithoutRequiredModifiers();
    PosClient onCloud = new PosClient(cloud.base());
    String cloudSession = onCloud.signIn(deviceToken, number);
    PosClient onHost = new PosClient(lan());
    String hostSession = onHost.signIn(deviceToken, number);

    try (SilentProxy hostLink = SilentProxy.to(lanPort); Chromium chromium = Chromium.start()) {
      PosPageDriver page = new PosPageDriver(chromium.driver)
          .open(hostLink.base() + "/", deviceToken, hostLink.base(), cloud.base());
      page.waitForMode("host");
      page.signIn(number, pin(employee));
      assertNull(page.checkId(), "no check shown yet");
      Set<String> before = new HashSet<>(openChecks(onHost, hostSession));
      before.addAll(openChecks(onCloud, cloudSession));

      hostLink.silence();
      page.el("open-check").click();
      page.waitForMode("cloud", Duration.ofSeconds(8));
      String said = page.waitForUnanswered("host");
      assertTrue(said.contains("The host did not answer") && said.contains("open checks before opening another"),
          "it says what happened and what to do; it says \"" + said + "\"");

      // the host opened the check and mirrored it; the page did not open another on the cloud
      List<String> opened = TestHost.until(host.vertx(), Duration.ofSeconds(15), () -> {
        List<String> fresh = openChecks(onCloud, cloudSession).stream().filter(id -> !before.contains(id)).toList();
        return fresh.isEmpty() ? null : fresh;
      });
      assertNotNull(opened, "the check the host opened on the cloud");
      assertEquals(1, opened.size(), "one check opened on the cloud: " + opened);
      assertEquals(opened, openChecks(onHost, hostSession).stream().filter(id -> !before.contains(id)).toList(),
          "and on the host");
      String checkId = opened.get(0);

      // the page lists it (as the cloud has it) and opened none by itself; the person takes it and goes on
      page.await("the check the host opened in the open checks", d -> page.openCheckIds().contains(checkId));
      assertNull(page.checkId(), "the page opened no check by itself");
      page.showOpenCheck(checkId).ring(items.get(0));
      assertEquals("", page.error());
      assertEquals("cloud", page.mode());
      assertEquals(List.of(items.get(0)), menuItems(onCloud.check(cloudSession, checkId)));
    }
  }

  static JsonObject firstEmployee() {
    return config.table("employees").values().stream().filter(e -> e.getBoolean("active"))
        .min(Comparator.comparing(e -> e.getString("employeeNumber"))).orElseThrow();
  }

  /** The sample's PIN: the last four digits of the employee number. */
  static String pin(JsonObject employee) {
    String number = employee.getString("employeeNumber");
    return number.substring(number.length() - 4);
  }

  /** The ids of the open checks a side lists. */
  static List<String> openChecks(PosClient side, String session) {
    return side.ok("GET", "/api/pos/checks?status=open", session, null).getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList();
  }

  /** Whether the page shows a picker for the item (it has an active modifier group), as pos.js decides. */
  static boolean hasModifierGroups(String itemId) {
    Map<String, JsonObject> groups = config.table("modifier_groups");
    return config.table("menu_item_modifier_groups").values().stream()
        .filter(l -> itemId.equals(l.getString("menuItemId")))
        .map(l -> groups.get(l.getString("modifierGroupId")))
        .anyMatch(g -> g != null && g.getBoolean("active"));
  }

  /** The menu items of a check's lines, in order. */
  static List<String> menuItems(JsonObject check) {
    return lines(check).stream().map(l -> l.getString("menuItemId")).toList();
  }

  /** Active items of the workstation's menu whose modifier groups ask for no choice (rung as tapped), by name. */
  static List<String> itemsWithoutRequiredModifiers() {
    Map<String, JsonObject> groups = config.table("modifier_groups");
    Map<String, JsonObject> slus = config.table("slus");
    List<String> items = config.table("menu_items").values().stream().filter(i -> i.getBoolean("active"))
        .filter(i -> slus.containsKey(i.getString("sluId")) && slus.get(i.getString("sluId")).getBoolean("active"))
        .filter(i -> config.table("menu_item_modifier_groups").values().stream()
            .filter(l -> i.getString("id").equals(l.getString("menuItemId")))
            .map(l -> groups.get(l.getString("modifierGroupId")))
            .noneMatch(g -> g != null && g.getBoolean("active") && g.getInteger("minSelect") > 0))
        .sorted(Comparator.comparing(i -> i.getString("name"))).map(i -> i.getString("id")).toList();
    assertTrue(items.size() >= 2, "the generated property has two items without a required modifier: " + items);
    return items.subList(0, 2);
  }

  /** The menu items of the lines the page shows, in order. */
  static List<String> shownItems(PosPageDriver page) {
    return page.lines().stream().map(l -> l.getAttribute("data-menu-item-id")).toList();
  }

  /** "lineId status" of each line the page shows. */
  static List<String> shownLines(PosPageDriver page) {
    return page.lines().stream().map(l -> l.getAttribute("data-line-id") + " " + l.getAttribute("data-status"))
        .toList();
  }

  static List<String> lineStates(JsonObject check) {
    return lines(check).stream().map(l -> l.getString("id") + " " + l.getString("status")).toList();
  }

  static List<JsonObject> lines(JsonObject check) {
    JsonArray a = check.getJsonArray("lines");
    return a.stream().map(JsonObject.class::cast).toList();
  }

  /** Waits (up to 15 s) until the check read on that side satisfies {@code p}. */
  static JsonObject awaitCheck(HostRuntime h, PosClient side, String session, String id, Predicate<JsonObject> p,
                               String what) {
    JsonObject c = TestHost.until(h.vertx(), Duration.ofSeconds(15), () -> {
      HttpResponse<String> r = side.call("GET", "/api/pos/checks/" + id, session, null);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject j = new JsonObject(r.body());
      return p.test(j) ? j : null;
    });
    assertNotNull(c, what + "; it is " + side.call("GET", "/api/pos/checks/" + id, session, null).body());
    return c;
  }

  /** How many times the cloud holds the check among the day's posted checks. */
  static long posted(String businessDate, String checkId) {
    HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + property + "/checks?businessDate="
        + businessDate, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("checks").stream()
        .filter(c -> checkId.equals(((JsonObject) c).getString("id"))).count();
  }

  /**
   * The page shows its selling screen on a host session the host answers (the session kept in the page's
   * sessionStorage, as pos.js's header says): a host that kept its sessions needs no new sign-in.
   */
  static boolean hostKnowsThePagesSession(PosPageDriver page, String checkId) {
    if (!page.el("pos-screen").isDisplayed()) {
      return false;
    }
    Object token = ((JavascriptExecutor) page.driver)
        .executeScript("return sessionStorage.getItem('possync.pos.session.host');");
    return token instanceof String s && new PosClient(lan()).call("GET", "/api/pos/checks/" + checkId, s, null)
        .statusCode() == 200;
  }
}
