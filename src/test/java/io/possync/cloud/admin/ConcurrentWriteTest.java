package io.possync.cloud.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.support.TestCloud;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin writes that reach several properties of one enterprise, made at once through different properties (and
 * beside writes of each property's own rows), queue instead of deadlocking: every one answers 200.
 */
class ConcurrentWriteTest {

  static TestCloud cloud;
  static UUID alpha;
  static UUID beta;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(ConcurrentWriteTest.class, null);
    alpha = TestCloud.propertyId(cloud.importProperty("Busy Alpha"));
    beta = TestCloud.propertyId(cloud.importProperty("Busy Beta")); // same enterprise
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  CompletableFuture<HttpResponse<String>> put(UUID via, String table, JsonObject row) {
    return cloud.http.sendAsync(HttpRequest.newBuilder(URI.create(cloud.base() + "/api/admin/properties/" + via + "/"
            + table + "/" + row.getString("id"))).header("Authorization", "Bearer " + TestCloud.ADMIN_TOKEN)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(row.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonObject first(UUID property, String table) {
    HttpResponse<String> r = cloud.admin("GET", "/api/admin/properties/" + property + "/" + table, null);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body()).getJsonObject(0);
  }

  @Test
  void concurrentWritesOfSharedRowsThroughTwoPropertiesAllSucceed() throws Exception {
    JsonObject program = first(alpha, "loyalty_programs");
    JsonObject enterprise = first(alpha, "enterprises");
    Map<UUID, JsonObject> tender = Map.of(alpha, first(alpha, "tenders"), beta, first(beta, "tenders"));
    long deadlocksBefore = deadlocks();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int round = 0; round < 30; round++) {
      List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
      for (UUID via : List.of(alpha, beta, alpha, beta)) {
        fs.add(put(via, "loyalty_programs", program.copy().put("name", "Program " + round + "." + fs.size())));
      }
      UUID via = round % 2 == 0 ? alpha : beta;
      fs.add(put(via, "enterprises", enterprise.copy().put("name", "Enterprise " + round)));
      fs.add(put(via, "tenders", tender.get(via).copy().put("name", "Tender " + round)));
      for (CompletableFuture<HttpResponse<String>> f : fs) {
        HttpResponse<String> r = f.get();
        statuses.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() != 200 && failures.size() < 3) {
          failures.add(r.statusCode() + " " + r.body());
        }
      }
    }
    assertEquals(Map.of(200, 30 * 6), statuses, "statuses of 180 concurrent writes; first failures: " + failures);
    assertEquals(deadlocksBefore, deadlocks(), "writers queued in one lock order: PostgreSQL broke no deadlock");
  }

  /** Deadlocks PostgreSQL detected (and broke) in this database so far. */
  static long deadlocks() {
    return cloud.pool().query("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()").execute()
        .await().iterator().next().getLong(0);
  }
}
