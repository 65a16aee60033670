package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.cloud.TcpProxy;
import io.possync.cloud.pos.PgCheckStore;
import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.core.caps.PosConfig;
import io.possync.support.PosClient;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GREEN mode end to end (POS-API.md section 8), a real cloud and a real host: the host's open checks are on the cloud
 * as they change, so a workstation continues one there when the host dies; what was sold on the cloud comes back to
 * the host when it returns (its chits with it); a check edited on both sides during a split keeps its most recent
 * state, the other in the audit trail of both; and every check is posted once.
 */
class GreenModeTest {

  static TestCloud cloud;
  static PosClient onCloud;
  /** A property of its own per test: a property has one service host, which numbers its checks from 1. */
  UUID property;
  JsonObject file;

  @TempDir
  Path dir;

  @BeforeAll
  static void startCloud() {
    cloud = TestCloud.start(GreenModeTest.class, null);
    onCloud = new PosClient(cloud.base());
  }

  @org.junit.jupiter.api.BeforeEach
  void importProperty() {
    file = cloud.importProperty("Green Harbor " + UUID.randomUUID());
    property = TestCloud.propertyId(file);
  }

  @AfterAll
  static void stopCloud() {
    cloud.close();
  }

  /** A host of the property, its cloud at {@code cloudUrl}; waits for its first sync. */
  HostRuntime host(ServiceHostRegistry.Registration reg, String cloudUrl) throws Exception {
    return host(reg, cloudUrl, dir);
  }

  HostRuntime host(ServiceHostRegistry.Registration reg, String cloudUrl, Path in) throws Exception {
    HostRuntime h = TestHost.start(TestHost.config(in, property, reg.serviceHostId(), cloudUrl, reg.token(), 1),
        Clock.systemUTC());
    TestHost.awaitVersion(h, cloud.version(property), "the first sync");
    return h;
  }

  static PosClient lan(HostRuntime h) {
    return new PosClient("http://127.0.0.1:" + h.lanPort());
  }

  String workstationToken(int n) {
    List<String> ids = new ArrayList<>();
    file.getJsonArray("workstations").forEach(w -> ids.add(((JsonObject) w).getString("id")));
    ids.sort(null);
    return new JsonObject(cloud.admin("POST", "/api/admin/properties/" + property + "/device-tokens",
        new JsonObject().put("deviceId", ids.get(n))).body()).getString("token");
  }

  String employeeNumber() {
    return file.getJsonArray("employees").stream().map(e -> (JsonObject) e).filter(e -> e.getBoolean("active"))
        .map(e -> e.getString("employeeNumber")).sorted().findFirst().orElseThrow();
  }

  /** Waits (up to 30 s) until the check read there satisfies {@code p}; returns it. */
  static JsonObject awaitCheck(HostRuntime h, PosClient side, String token, String id, Predicate<JsonObject> p) {
    JsonObject c = TestHost.until(h.vertx(), Duration.ofSeconds(30), () -> {
      HttpResponse<String> r = side.call("GET", "/api/pos/checks/" + id, token, null);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject j = new JsonObject(r.body());
      return p.test(j) ? j : null;
    });
    assertNotNull(c, "check " + id + " did not reach the expected state; it is "
        + side.call("GET", "/api/pos/checks/" + id, token, null).body());
    return c;
  }

  static void awaitMerged(HostRuntime h) {
    assertNotNull(TestHost.until(h.vertx(), Duration.ofSeconds(30),
        () -> Boolean.TRUE.equals(TestHost.statusValue(h, "checksMerged")) ? true : null), "checksMerged");
  }

  JsonArray posted(String businessDate) {
    return new JsonObject(cloud.admin("GET", "/api/admin/properties/" + property + "/checks?businessDate="
        + businessDate, null).body()).getJsonArray("checks");
  }

  long postedCount(String businessDate, String checkId) {
    return posted(businessDate).stream().filter(c -> checkId.equals(((JsonObject) c).getString("id"))).count();
  }

  static int lines(JsonObject check) {
    return check.getJsonArray("lines").size();
  }

  /** Pays the balance in cash and closes. */
  static JsonObject payAndClose(PosClient side, String session, PosConfig cfg, String id) {
    long due = side.check(session, id).getLong("balanceDueCents");
    String cash = PosClient.firstActive(cfg, "tenders", t -> "cash".equals(t.getString("tenderType")));
    side.ok("POST", "/api/pos/checks/" + id + "/payments", session,
        new JsonObject().put("tenderId", cash).put("amountCents", due));
    return side.ok("POST", "/api/pos/checks/" + id + "/close", session, null);
  }

  @Test
  void anOpenCheckOfTheHostContinuesOnTheCloudAndComesBackWithItsChitsWhenTheHostReturns() throws Exception {
    ServiceHostRegistry.Registration reg = cloud.register(property, "host of continue");
    String device = workstationToken(0);
    JsonObject opened;
    PosConfig cfg;
    try (HostRuntime h = host(reg, cloud.base())) {
      PosClient lan = lan(h);
      String session = lan.signIn(device, employeeNumber());
      cfg = lan.config(session);
      opened = lan.ok("POST", "/api/pos/checks", session, new JsonObject()
          .put("rvcId", PosClient.firstActive(cfg, "rvcs", r -> true)).put("guestCount", 2));
      lan.ok("POST", "/api/pos/checks/" + opened.getString("id") + "/lines", session, PosClient.line(cfg, 0));
      String cloudSession = onCloud.signIn(device, employeeNumber());
      awaitCheck(h, onCloud, cloudSession, opened.getString("id"), c -> lines(c) == 1);
    } // the host dies with the check open
    String id = opened.getString("id");
    String cloudSession = onCloud.signIn(device, employeeNumber());
    onCloud.ok("POST", "/api/pos/checks/" + id + "/lines", cloudSession, PosClient.line(cfg, 1));
    JsonObject sent = onCloud.ok("POST", "/api/pos/checks/" + id + "/send", cloudSession, null);
    assertTrue(sent.getJsonArray("lines").stream().allMatch(l -> "sent".equals(((JsonObject) l).getString("status"))));

    try (HostRuntime h = host(reg, cloud.base())) {
      PosClient lan = lan(h);
      String session = lan.signIn(device, employeeNumber());
      JsonObject back = awaitCheck(h, lan, session, id, c -> lines(c) == 2);
      assertEquals(sent.getLong("totalCents"), back.getLong("totalCents"));
      assertEquals(opened.getInteger("number"), back.getInteger("number"), "the host's number stays");
      awaitMerged(h);
      assertEquals(0, lan.ok("GET", "/api/pos/checks/" + id + "/audit", session, null).getJsonArray("audit").size(),
          "the cloud continued the host's state: nothing was overwritten");
      // the send made on the cloud prints on the host's printers (queued: nothing listens at the sample's ports)
      JsonArray jobs = lan.ok("GET", "/api/pos/print-jobs?status=queued", session, null).getJsonArray("printJobs");
      assertNotNull(TestHost.until(h.vertx(), Duration.ofSeconds(30), () -> lan.ok("GET",
              "/api/pos/print-jobs?status=queued", session, null).getJsonArray("printJobs").stream()
          .anyMatch(j -> id.equals(((JsonObject) j).getString("checkId"))) ? true : null),
          "the cloud's send reached the host's print queue: " + jobs.encode());
      JsonObject closed = payAndClose(lan, session, cfg, id);
      assertEquals("closed", closed.getString("status"));
      assertEquals(1, (long) TestHost.until(h.vertx(), Duration.ofSeconds(30),
          () -> postedCount(closed.getString("businessDate"), id) == 1 ? 1L : null));
      awaitCheck(h, onCloud, cloudSession, id, c -> "closed".equals(c.getString("status"))); // the cloud has it closed too
      assertEquals(1, postedCount(closed.getString("businessDate"), id), "posted once");
    }
  }

  @Test
  void aCheckOpenedOnTheCloudIsContinuedOnTheHost() throws Exception {
    ServiceHostRegistry.Registration reg = cloud.register(property, "host of green checks");
    String device = workstationToken(1);
    try (HostRuntime h = host(reg, cloud.base())) {
      String cloudSession = onCloud.signIn(device, employeeNumber());
      PosConfig cfg = onCloud.config(cloudSession);
      JsonObject opened = onCloud.ok("POST", "/api/pos/checks", cloudSession, new JsonObject()
          .put("rvcId", PosClient.firstActive(cfg, "rvcs", r -> true)).put("guestCount", 1));
      assertTrue(opened.getInteger("number") >= PgCheckStore.CLOUD_FIRST_NUMBER);
      String id = opened.getString("id");
      onCloud.ok("POST", "/api/pos/checks/" + id + "/lines", cloudSession, PosClient.line(cfg, 0));

      PosClient lan = lan(h);
      String session = lan.signIn(device, employeeNumber());
      JsonObject onHost = awaitCheck(h, lan, session, id, c -> lines(c) == 1);
      assertEquals(opened.getInteger("number"), onHost.getInteger("number"), "it keeps the cloud's number");
      assertTrue(lan.ok("GET", "/api/pos/checks?status=open", session, null).getJsonArray("checks").stream()
          .anyMatch(c -> id.equals(((JsonObject) c).getString("id"))), "listed among the host's open checks");
      lan.ok("POST", "/api/pos/checks/" + id + "/lines", session, PosClient.line(cfg, 1));
      awaitCheck(h, onCloud, cloudSession, id, c -> lines(c) == 2);
      JsonObject closed = payAndClose(lan, session, cfg, id);
      assertEquals(1, (long) TestHost.until(h.vertx(), Duration.ofSeconds(30),
          () -> postedCount(closed.getString("businessDate"), id) == 1 ? 1L : null));
    }
  }

  @Test
  void aCheckEditedOnBothSidesDuringASplitKeepsTheLatestAndTheOtherInTheAuditOfBoth() throws Exception {
    ServiceHostRegistry.Registration reg = cloud.register(property, "host of the split");
    String device = workstationToken(2);
    try (TcpProxy link = TcpProxy.to(cloud.cloud.httpPort());
         HostRuntime h = host(reg, "http://127.0.0.1:" + link.port())) {
      PosClient lan = lan(h);
      String session = lan.signIn(device, employeeNumber());
      String cloudSession = onCloud.signIn(device, employeeNumber());
      PosConfig cfg = lan.config(session);
      String id = lan.ok("POST", "/api/pos/checks", session, new JsonObject()
          .put("rvcId", PosClient.firstActive(cfg, "rvcs", r -> true)).put("guestCount", 2)).getString("id");
      awaitCheck(h, onCloud, cloudSession, id, c -> true);
      awaitMerged(h);

      link.cut(); // the host and the cloud lose each other; workstations reach both
      JsonObject onCloudSide = onCloud.ok("POST", "/api/pos/checks/" + id + "/lines", cloudSession,
          PosClient.line(cfg, 0));
      lan.ok("POST", "/api/pos/checks/" + id + "/lines", session, PosClient.line(cfg, 1));
      JsonObject onHostSide = lan.ok("POST", "/api/pos/checks/" + id + "/lines", session, PosClient.line(cfg, 2));
      link.restore();

      int past = Math.max(onHostSide.getInteger("revision"), onCloudSide.getInteger("revision"));
      // both sides hold the merged state (a revision past both) once the host exchanged after the link came back
      JsonObject hostNow = TestHost.until(h.vertx(), Duration.ofSeconds(30), () -> {
        JsonObject onHost = lan.check(session, id);
        JsonObject there = onCloud.check(cloudSession, id);
        return onHost.getInteger("revision") > past && onHost.equals(there) ? onHost : null;
      });
      assertNotNull(hostNow, "one state on both sides: host " + lan.check(session, id) + ", cloud "
          + onCloud.check(cloudSession, id));
      assertEquals(onHostSide.getJsonArray("lines"), hostNow.getJsonArray("lines"), "the most recent change stays");
      assertTrue(hostNow.getInteger("revision") > Math.max(onHostSide.getInteger("revision"),
          onCloudSide.getInteger("revision")), "a revision past both sides");
      JsonArray hostAudit = lan.ok("GET", "/api/pos/checks/" + id + "/audit", session, null).getJsonArray("audit");
      JsonArray cloudAudit = onCloud.ok("GET", "/api/pos/checks/" + id + "/audit", cloudSession, null)
          .getJsonArray("audit");
      assertEquals(1, hostAudit.size(), hostAudit.encode());
      assertEquals(hostAudit, cloudAudit, "the same entry on both sides");
      JsonObject entry = hostAudit.getJsonObject(0);
      assertEquals("cloud", entry.getString("side"));
      assertEquals(onCloudSide.getJsonArray("lines"), entry.getJsonObject("check").getJsonArray("lines"),
          "the overwritten state, whole");

      String metrics = cloud.get("/metrics", null).body();
      assertTrue(metrics.contains("possync_cloud_checks_merged_total{outcome=\"split\"}"), "a split is counted");
      // a write of the cloud's side at its old revision is refused: it cannot land on the merged state
      HttpResponse<String> stale = onCloud.call("POST", "/api/pos/checks/" + id + "/lines", cloudSession,
          PosClient.line(cfg, 0), "If-Match", String.valueOf(onCloudSide.getInteger("revision")));
      assertEquals(412, stale.statusCode(), stale.body());

      JsonObject closed = payAndClose(lan, session, cfg, id);
      assertEquals(1, (long) TestHost.until(h.vertx(), Duration.ofSeconds(30),
          () -> postedCount(closed.getString("businessDate"), id) == 1 ? 1L : null));
      awaitMerged(h);
      assertEquals(1, postedCount(closed.getString("businessDate"), id), "posted once");
    }
  }

  @Test
  void aReplacedHostNumbersPastTheChecksTheCloudHasOfTheDay() throws Exception {
    String device = workstationToken(0);
    String first;
    try (HostRuntime old = host(cloud.register(property, "old host"), cloud.base(), dir.resolve("old"))) {
      PosClient lan = lan(old);
      String session = lan.signIn(device, employeeNumber());
      PosConfig cfg = lan.config(session);
      JsonObject c = lan.ok("POST", "/api/pos/checks", session, new JsonObject()
          .put("rvcId", PosClient.firstActive(cfg, "rvcs", r -> true)).put("guestCount", 2));
      assertEquals(1, c.getInteger("number"));
      first = c.getString("id");
      awaitCheck(old, onCloud, onCloud.signIn(device, employeeNumber()), first, x -> true);
    } // its disk is lost: a new host with an empty cache takes over the property
    try (HostRuntime replaced = host(cloud.register(property, "new host"), cloud.base(), dir.resolve("new"))) {
      awaitMerged(replaced);
      PosClient lan = lan(replaced);
      String session = lan.signIn(device, employeeNumber());
      PosConfig cfg = lan.config(session);
      JsonObject c = lan.ok("POST", "/api/pos/checks", session, new JsonObject()
          .put("rvcId", PosClient.firstActive(cfg, "rvcs", r -> true)).put("guestCount", 2));
      assertEquals(2, c.getInteger("number"), "number 1 of the day was taken by the host it replaces");
      awaitCheck(replaced, onCloud, onCloud.signIn(device, employeeNumber()), c.getString("id"), x -> true);
    }
  }

  @Test
  void aCheckTheCloudCannotTakeDoesNotHoldUpTheOthers() throws Exception {
    String device = workstationToken(0);
    try (HostRuntime h = host(cloud.register(property, "host with a clash"), cloud.base())) {
      awaitMerged(h);
      PosClient lan = lan(h);
      String session = lan.signIn(device, employeeNumber());
      PosConfig cfg = lan.config(session);
      String rvc = PosClient.firstActive(cfg, "rvcs", r -> true);
      // a check numbered 1 today reaches the cloud from elsewhere after this host last heard of the day's numbers
      String cloudSession = onCloud.signIn(device, employeeNumber());
      JsonObject probe = onCloud.ok("POST", "/api/pos/checks", cloudSession,
          new JsonObject().put("rvcId", rvc).put("guestCount", 1));
      cloud.sql("UPDATE pos_checks SET number = 1, host_revision = revision WHERE id = '" + probe.getString("id") + "'");
      JsonObject clash = lan.ok("POST", "/api/pos/checks", session,
          new JsonObject().put("rvcId", rvc).put("guestCount", 1));
      assertEquals(1, clash.getInteger("number"));
      JsonObject next = lan.ok("POST", "/api/pos/checks", session,
          new JsonObject().put("rvcId", rvc).put("guestCount", 1));
      awaitCheck(h, onCloud, cloudSession, next.getString("id"), x -> true);
      awaitMerged(h);
      assertEquals(404, onCloud.call("GET", "/api/pos/checks/" + clash.getString("id"), cloudSession, null)
          .statusCode(), "the clashing check stays on the host alone");
      JsonObject after = lan.ok("POST", "/api/pos/checks", session,
          new JsonObject().put("rvcId", rvc).put("guestCount", 1));
      assertTrue(after.getInteger("number") > 2, "the host numbers past what the cloud has: " + after);
    }
  }
}
