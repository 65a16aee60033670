package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.core.catalog.ValidationException;
import io.possync.support.TestCloud;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registering a service host over the admin API checks its name and property id like every other value
 * ({@code ValueRules.checkName}, {@code ValueRules.uuid}): 400 naming the field, nothing registered.
 */
class ServiceHostNameTest {

  static TestCloud cloud;
  static UUID property;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(ServiceHostNameTest.class, null);
    property = TestCloud.propertyId(cloud.importProperty("Name Nook"));
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  static long hosts() throws Exception {
    try (Connection c = cloud.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM service_hosts")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String body(String propertyJson, String nameJson) {
    return "{\"propertyId\":" + propertyJson + ",\"name\":" + nameJson + "}";
  }

  @Test
  void aBadNameOrPropertyIdIs400NamingItAndRegistersNothing() throws Exception {
    long before = hosts();
    String p = "\"" + property + "\"";
    String[][] cases = {
        {p, "\"front\\u0000desk\"", "name"},
        {p, "\"front\\ud800desk\"", "name"},
        {p, "\"front\\ndesk\"", "name"},
        {p, "\"" + "x".repeat(101) + "\"", "name"},
        {p, "\"   \"", "name"},
        {p, "42", "name"},
        {"\"1-1-1-1-1\"", "\"front desk\"", "propertyId"},
        {"\"{" + property + "}\"", "\"front desk\"", "propertyId"},
        {"\"" + property + "\\u0000\"", "\"front desk\"", "propertyId"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = cloud.send("POST", "/api/admin/service-hosts", TestCloud.ADMIN_TOKEN,
          body(c[0], c[1]));
      assertEquals(400, r.statusCode(), c[0] + " " + c[1] + ": " + r.body());
      assertEquals(c[2], new JsonObject(r.body()).getString(ValidationException.FIELD), r.body());
    }
    assertEquals(before, hosts(), "nothing registered");
    HttpResponse<String> ok = cloud.send("POST", "/api/admin/service-hosts", TestCloud.ADMIN_TOKEN,
        body(p, "\"Front desk \\ud83d\\ude00\""));
    assertEquals(201, ok.statusCode(), ok.body());
  }
}
