package io.possync.cloud.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.support.TestCloud;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EMC admin API, generic over the catalog, over real HTTP. */
class AdminApiTest {

  static TestCloud cloud;
  static UUID property;
  static UUID other;
  static JsonObject file;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(AdminApiTest.class, null);
    file = cloud.importProperty("Admin Arms");
    property = TestCloud.propertyId(file);
    other = TestCloud.propertyId(cloud.importProperty("Other Arms"));
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  static String path(String type) {
    return "/api/admin/properties/" + property + "/" + type;
  }

  static JsonObject error(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  static long logRows() throws Exception {
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM config_versions")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void listGetPutAndDeleteAnyEntity() throws Exception {
    JsonArray items = new JsonArray(cloud.admin("GET", path("menu_items"), null).body());
    assertEquals(40, items.size());
    JsonObject item = items.getJsonObject(3);
    JsonObject got = new JsonObject(cloud.admin("GET", path("menu_items") + "/" + item.getString("id"), null).body());
    assertEquals(item, got);

    // Create a new item, recorded with who did it.
    UUID manager = UUID.fromString(file.getJsonArray("employees").getJsonObject(0).getString("id"));
    UUID id = UUID.randomUUID();
    JsonObject created = item.copy().put("id", id.toString()).put("name", "Harbor Special").put("priceCents", 2150);
    int v = cloud.version(property);
    HttpResponse<String> put = cloud.admin("PUT", path("menu_items") + "/" + id, created, "X-Changed-By",
        manager.toString());
    assertEquals(200, put.statusCode(), put.body());
    JsonObject answer = new JsonObject(put.body());
    assertEquals(v + 1, answer.getInteger("version"));
    assertEquals("Harbor Special", answer.getJsonObject("data").getString("name"));
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT operation, changed_by FROM config_versions WHERE entity_id = '" + id + "'")) {
      assertTrue(rs.next());
      assertEquals("INSERT", rs.getString(1));
      assertEquals(manager.toString(), rs.getString(2));
    }

    // A row others still reference cannot go; one nobody references can.
    JsonObject conflict = error(cloud.admin("DELETE", path("slus") + "/" + item.getString("sluId"), null), 409);
    assertTrue(conflict.getString("message").contains("referenced"), conflict.encode());
    HttpResponse<String> del = cloud.admin("DELETE", path("menu_items") + "/" + id, null);
    assertEquals(200, del.statusCode(), del.body());
    assertEquals(v + 2, new JsonObject(del.body()).getInteger("version"));
    assertEquals(404, cloud.admin("GET", path("menu_items") + "/" + id, null).statusCode());
    assertEquals(404, cloud.admin("GET", path("no_such_table"), null).statusCode());
  }

  @Test
  void invalidWritesAnswer400NamingTheFieldAndWriteNothing() throws Exception {
    JsonObject item = new JsonArray(cloud.admin("GET", path("menu_items"), null).body()).getJsonObject(0);
    String url = path("menu_items") + "/" + item.getString("id");
    long before = logRows();
    int v = cloud.version(property);

    assertEquals("priceCents", error(cloud.admin("PUT", url, item.copy().put("priceCents", "9.99")), 400)
        .getString("field"));
    assertEquals("calories", error(cloud.admin("PUT", url, item.copy().put("calories", 540)), 400).getString("field"));
    JsonObject noName = item.copy();
    noName.remove("name");
    assertEquals("name", error(cloud.admin("PUT", url, noName), 400).getString("field"));
    JsonObject dangling = error(cloud.admin("PUT", url, item.copy().put("taxGroupId", UUID.randomUUID().toString())), 400);
    assertEquals("taxGroupId", dangling.getString("field"));
    // A tax group of another property exists, but this property does not see it.
    String foreignTax = new JsonArray(cloud.admin("GET", "/api/admin/properties/" + other + "/tax_groups", null).body())
        .getJsonObject(0).getString("id");
    assertEquals("taxGroupId", error(cloud.admin("PUT", url, item.copy().put("taxGroupId", foreignTax)), 400)
        .getString("field"));
    // A stored row never moves to another property (CrossPropertyWriteTest walks every entity type).
    assertEquals("conflict", error(cloud.admin("PUT", url, item.copy().put("propertyId", other.toString())), 409)
        .getString("error"));
    // A new row names the property in the path.
    UUID fresh = UUID.randomUUID();
    assertEquals("propertyId", error(cloud.admin("PUT", path("menu_items") + "/" + fresh,
        item.copy().put("id", fresh.toString()).put("propertyId", other.toString())), 400).getString("field"));
    error(cloud.send("PUT", url, TestCloud.ADMIN_TOKEN, "{broken"), 400);
    error(cloud.admin("PUT", url, item, "X-Changed-By", UUID.randomUUID().toString()), 400);

    assertEquals(before, logRows(), "nothing was written");
    assertEquals(v, cloud.version(property));
    assertEquals(item, new JsonObject(cloud.admin("GET", url, null).body()));
  }

  @Test
  void theAdminTokenIsRequired() {
    assertEquals(401, cloud.get(path("menu_items"), null).statusCode());
    assertEquals(401, cloud.get(path("menu_items"), "guess").statusCode());
    // A caller without the token is refused before its body is read: 401, not 413 for a body over the limit.
    String big = "x".repeat(io.possync.cloud.CloudHttpVerticle.ADMIN_MAX_BYTES + 1);
    assertEquals(401, cloud.send("PUT", path("menu_items") + "/" + UUID.randomUUID(), "guess", big).statusCode());
  }

  @Test
  void serviceHostsAreRegisteredAndListedWithTheirStatus() {
    HttpResponse<String> reg = cloud.admin("POST", "/api/admin/service-hosts",
        new JsonObject().put("propertyId", property.toString()).put("name", "Kitchen server"));
    assertEquals(201, reg.statusCode(), reg.body());
    JsonObject host = new JsonObject(reg.body());
    String token = host.getString("token");
    String hostId = host.getString("serviceHostId");
    assertEquals(43, token.length());

    JsonArray list = new JsonArray(cloud.admin("GET", "/api/admin/service-hosts?propertyId=" + property, null).body());
    JsonObject mine = list.stream().map(o -> (JsonObject) o).filter(o -> o.getString("serviceHostId").equals(hostId))
        .findFirst().orElseThrow();
    assertEquals("offline", mine.getString("status"), "never heard from");

    int v = cloud.version(property);
    String epoch = cloud.cloud.db().epoch();
    cloud.send("POST", "/api/service-hosts/" + hostId + "/heartbeat", token,
        new JsonObject().put("appliedVersion", v - 1).put("epoch", epoch).put("connectionMode", "online").encode());
    mine = find(hostId);
    assertEquals("behind", mine.getString("status"));
    assertEquals(1, mine.getInteger("lag"));
    assertEquals("online", mine.getString("connectionMode"));

    cloud.send("POST", "/api/service-hosts/" + hostId + "/heartbeat", token,
        new JsonObject().put("appliedVersion", v).put("epoch", epoch).encode());
    assertEquals("synced", find(hostId).getString("status"));
    cloud.send("POST", "/api/service-hosts/" + hostId + "/heartbeat", token, new JsonObject().put("appliedVersion", v)
        .put("epoch", epoch).put("lastRejectedVersion", v + 1).put("lastRejectedReason", "dangling reference").encode());
    JsonObject err = find(hostId);
    assertEquals("error", err.getString("status"));
    assertEquals("dangling reference", err.getString("lastRejectedReason"));

    HttpResponse<String> rotated = cloud.admin("POST", "/api/admin/service-hosts/" + hostId + "/rotate-token", null);
    assertEquals(200, rotated.statusCode());
    assertEquals(404, cloud.admin("POST", "/api/admin/service-hosts", new JsonObject()
        .put("propertyId", UUID.randomUUID().toString()).put("name", "x")).statusCode());
  }

  static JsonObject find(String hostId) {
    return new JsonArray(cloud.admin("GET", "/api/admin/service-hosts?propertyId=" + property, null).body()).stream()
        .map(o -> (JsonObject) o).filter(o -> o.getString("serviceHostId").equals(hostId)).findFirst().orElseThrow();
  }
}
