package io.possync.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.support.TestStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compaction keeps the log equivalent: from any version at or above the new minimum delta version, applying the
 * compacted log reaches the same state as applying the full one.
 */
class CompactorTest {

  static TestStore store;

  @BeforeAll
  static void setUp() {
    store = TestStore.create(CompactorTest.class);
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  record Change(int version, String key, String op, String data) {
  }

  static List<Change> log(Connection c, UUID property) throws SQLException {
    List<Change> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT version, entity_type || '/' || entity_id, operation, "
        + "data::text FROM config_versions WHERE property_id = ? ORDER BY version, seq")) {
      ps.setObject(1, property);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  /** What a host holds after applying {@code changes} with a version in (from, to] on top of {@code state}. */
  static Map<String, String> apply(Map<String, String> state, List<Change> changes, int from, int to) {
    Map<String, String> s = new HashMap<>(state);
    for (Change ch : changes) {
      if (ch.version() > from && ch.version() <= to) {
        if (ch.op().equals("DELETE")) {
          s.remove(ch.key());
        } else {
          s.put(ch.key(), ch.data());
        }
      }
    }
    return s;
  }

  /** Random edits in many transactions: updates, deletes, re-inserts of deleted rows, new rows. */
  static int churn(UUID property, int transactions, long seed) throws SQLException {
    Random rnd = new Random(seed);
    try (Connection c = store.jdbc()) {
      List<UUID> mods = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT id FROM modifiers WHERE property_id = '" + property + "' AND id NOT IN "
              + "(SELECT modifier_id FROM modifier_group_modifiers)")) {
        while (rs.next()) {
          mods.add(rs.getObject(1, UUID.class));
        }
      }
      List<UUID> deleted = new ArrayList<>();
      c.setAutoCommit(false);
      for (int t = 0; t < transactions; t++) {
        try (Statement s = c.createStatement()) {
          int ops = 1 + rnd.nextInt(3);
          for (int k = 0; k < ops; k++) {
            int what = rnd.nextInt(10);
            if (what < 5 && !mods.isEmpty()) {
              s.executeUpdate("UPDATE modifiers SET price_cents = " + rnd.nextInt(500) + " WHERE id = '"
                  + mods.get(rnd.nextInt(mods.size())) + "'");
            } else if (what < 7 && mods.size() > 3) {
              UUID id = mods.remove(rnd.nextInt(mods.size()));
              s.executeUpdate("DELETE FROM modifiers WHERE id = '" + id + "'");
              deleted.add(id);
            } else {
              UUID id = !deleted.isEmpty() && rnd.nextBoolean() ? deleted.remove(0) : UUID.randomUUID();
              s.executeUpdate("INSERT INTO modifiers (id, property_id, name, price_cents, active) VALUES ('" + id
                  + "', '" + property + "', 'Extra " + t + "', " + rnd.nextInt(300) + ", true)");
              mods.add(id);
            }
          }
        }
        c.commit();
      }
    }
    return transactions;
  }

  static int minDeltaVersion(Connection c, UUID property) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT min_delta_version FROM property_versions WHERE property_id = '" + property + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void compactedLogIsEquivalentFromEveryVersionAtOrAboveTheMinimum() throws SQLException {
    JsonObject f = store.importSample("Compact Cafe");
    UUID property = UUID.fromString(f.getJsonObject("property").getString("id"));
    churn(property, 150, 42);
    try (Connection c = store.jdbc()) {
      List<Change> full = log(c, property);
      int current = full.get(full.size() - 1).version();
      Map<String, String> finalState = apply(Map.of(), full, 0, current);

      Compactor.Result r = new Compactor(Duration.ZERO, Duration.ZERO).compact(store.pool(), property).await();
      List<Change> compacted = log(c, property);
      int min = minDeltaVersion(c, property);
      assertEquals(min, r.minDeltaVersion());
      assertEquals(full.size() - compacted.size(), r.removed());
      assertEquals(finalState.size(), compacted.size(), "with no retention, one change per live entity remains");
      assertTrue(min > 1, "dropped tombstones raised the minimum delta version: " + min);
      assertTrue(compacted.stream().noneMatch(ch -> ch.op().equals("DELETE") && ch.version() <= min));

      for (int v = min; v <= current; v++) {
        Map<String, String> hostAtV = apply(Map.of(), full, 0, v);
        assertEquals(finalState, apply(hostAtV, compacted, v, current), "catching up from version " + v);
      }
      // And the compacted log alone still holds every live row.
      assertEquals(finalState, apply(Map.of(), compacted, 0, current));

      // A second pass has nothing left to do.
      assertEquals(0, new Compactor(Duration.ZERO, Duration.ZERO).compact(store.pool(), property).await().removed());
    }
  }

  @Test
  void theCompactionVerticleRunsOnItsTimer() throws Exception {
    JsonObject f = store.importSample("Timer Tavern");
    UUID property = UUID.fromString(f.getJsonObject("property").getString("id"));
    churn(property, 40, 3);
    int before;
    try (Connection c = store.jdbc()) {
      before = log(c, property).size();
    }
    String id = store.vertx.deployVerticle(new io.possync.cloud.CompactionVerticle(store.pool(),
        new Compactor(Duration.ZERO, Duration.ZERO), 50)).await();
    try (Connection c = store.jdbc()) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (log(c, property).size() == before && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(log(c, property).size() < before, "the timer compacted the log");
      assertTrue(minDeltaVersion(c, property) > 1);
    } finally {
      store.vertx.undeploy(id).await();
    }
  }

  @Test
  void changesInsideTheRetentionWindowAndRecentTombstonesStay() throws SQLException {
    JsonObject f = store.importSample("Window Diner");
    UUID property = UUID.fromString(f.getJsonObject("property").getString("id"));
    churn(property, 60, 7);
    try (Connection c = store.jdbc()) {
      List<Change> full = log(c, property);
      Compactor.Result kept = new Compactor(Duration.ofHours(1), Duration.ofHours(1)).compact(store.pool(), property)
          .await();
      assertEquals(0, kept.removed(), "everything is younger than the retention window");
      assertEquals(full, log(c, property));

      // Superseded changes go, tombstones younger than the horizon stay, so the minimum is not raised.
      Compactor.Result r = new Compactor(Duration.ZERO, Duration.ofDays(7)).compact(store.pool(), property).await();
      assertTrue(r.removed() > 0);
      assertEquals(1, minDeltaVersion(c, property));
      int current = full.get(full.size() - 1).version();
      List<Change> compacted = log(c, property);
      for (int v = 1; v <= current; v++) {
        assertEquals(apply(Map.of(), full, 0, current), apply(apply(Map.of(), full, 0, v), compacted, v, current),
            "catching up from version " + v);
      }
    }
  }
}
