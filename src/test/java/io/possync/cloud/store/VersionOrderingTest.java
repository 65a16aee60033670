package io.possync.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.support.TestStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 5: versions become visible in order. Many writer transactions race on one property while a
 * reader keeps looking; a reader that has seen version V must never later find a change at or below V that it had
 * not seen, and what it sees is always a gap-free run of versions.
 */
class VersionOrderingTest {

  static TestStore store;
  static UUID property;
  static UUID sister;
  static String enterprise;

  @BeforeAll
  static void setUp() {
    store = TestStore.create(VersionOrderingTest.class);
    JsonObject f = store.importSample("Ordering Bistro");
    property = UUID.fromString(f.getJsonObject("property").getString("id"));
    enterprise = f.getJsonObject("enterprise").getString("id");
    sister = UUID.fromString(store.importSample("Ordering Cafe").getJsonObject("property").getString("id"));
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  /** What one committed writer transaction did to {@code property}: its version and how many rows it logged. */
  record Commit(int version, int rows) {
  }

  @Test
  void concurrentWritersBecomeVisibleInVersionOrder() throws Exception {
    List<UUID> items = new ArrayList<>();
    try (Connection c = store.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id FROM menu_items WHERE property_id = '" + property + "'")) {
      while (rs.next()) {
        items.add(rs.getObject(1, UUID.class));
      }
    }
    int writers = 8;
    int half = items.size() / 2; // possync writers share rows [0, half); each plain writer has 4 of its own above
    int txPerWriter = 40;
    List<Commit> commits = new CopyOnWriteArrayList<>();
    int baseline;
    try (Connection c = store.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT version FROM property_versions WHERE property_id = '" + property + "'")) {
      rs.next();
      baseline = rs.getInt(1);
    }
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);

    Future<Integer> reader = pool.submit(() -> {
      Map<Integer, Integer> seen = new TreeMap<>();
      int reads = 0;
      try (Connection c = store.jdbc(); PreparedStatement ps = c.prepareStatement(
          "SELECT version, count(*) FROM config_versions WHERE property_id = ? GROUP BY version ORDER BY version")) {
        ps.setObject(1, property);
        while (!done.get() || reads < 5) {
          Map<Integer, Integer> now = new TreeMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              now.put(rs.getInt(1), rs.getInt(2));
            }
          }
          reads++;
          int prevMax = seen.isEmpty() ? 0 : Collections.max(seen.keySet());
          for (Map.Entry<Integer, Integer> e : now.entrySet()) {
            if (e.getKey() <= prevMax && !e.getValue().equals(seen.get(e.getKey()))) {
              violations.add("version " + e.getKey() + " changed after version " + prevMax + " was seen");
            }
          }
          int expect = 1;
          for (int v : now.keySet()) {
            if (v != expect++) {
              violations.add("gap: saw " + now.keySet());
              break;
            }
          }
          seen = now;
        }
      }
      return reads;
    });

    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int seed = w;
      work.add(pool.submit(() -> {
        Random rnd = new Random(seed);
        try (Connection c = store.jdbc()) {
          c.setAutoCommit(false);
          for (int t = 0; t < txPerWriter; t++) {
            int rows = 0;
            try (Statement s = c.createStatement()) {
              boolean plainSql = seed % 2 == 1;
              boolean fanOut = t % 10 == 9;
              if (!plainSql && !fanOut) {
                // possync's own writers take the property's counter before any row (ChangeLog.lockProperty).
                s.execute("SELECT 1 FROM property_versions WHERE property_id = '" + property + "' FOR UPDATE");
              }
              if (fanOut) {
                // A fan-out transaction: the enterprise row reaches both properties.
                s.executeUpdate("UPDATE enterprises SET name = 'Harbor " + seed + "-" + t + "' WHERE id = '"
                    + enterprise + "'");
                rows = 1;
              } else {
                // Plain SQL writers, which take the counter only at their first row, keep to rows of their own:
                // on shared rows they could deadlock with a writer holding the counter (PostgreSQL would abort
                // one, and the retry below would take it again).
                int n = 1 + rnd.nextInt(4);
                for (int k = 0; k < n; k++) {
                  int i = plainSql ? half + (seed / 2) * 4 + rnd.nextInt(4) : rnd.nextInt(half);
                  rows += s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 1 WHERE id = '"
                      + items.get(i) + "'");
                }
              }
              int v;
              try (ResultSet rs = s.executeQuery("SELECT version FROM property_versions WHERE property_id = '"
                  + property + "'")) {
                rs.next();
                v = rs.getInt(1);
              }
              if (rnd.nextInt(8) == 0) {
                Thread.sleep(rnd.nextInt(5)); // hold the lock a little while the others queue
              }
              c.commit();
              commits.add(new Commit(v, rows));
            } catch (java.sql.SQLException e) {
              if (!"40P01".equals(e.getSQLState())) {
                throw e;
              }
              c.rollback(); // deadlock victim: nothing of it is visible, and it consumed no version
              retries.incrementAndGet();
              t--;
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : work) {
      f.get(120, TimeUnit.SECONDS);
    }
    done.set(true);
    int reads = reader.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    assertTrue(violations.isEmpty(), violations.toString());
    assertTrue(reads > 5, "the reader looked while writers ran: " + reads);
    assertEquals(writers * txPerWriter, commits.size());
    Map<Integer, Integer> rowsByVersion = new TreeMap<>();
    for (Commit c : commits) {
      assertEquals(null, rowsByVersion.put(c.version(), c.rows()), "two transactions share version " + c.version());
    }
    try (Connection c = store.jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT version, count(*) FROM config_versions WHERE property_id = ? AND version > ? GROUP BY version")) {
      ps.setObject(1, property);
      ps.setInt(2, baseline);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertEquals(rowsByVersion.get(rs.getInt(1)), rs.getInt(2),
              "every row of a transaction carries its version (version " + rs.getInt(1) + ")");
        }
      }
    }
    int first = Collections.min(rowsByVersion.keySet());
    int last = Collections.max(rowsByVersion.keySet());
    assertEquals(baseline + 1, first);
    assertEquals(rowsByVersion.size(), last - first + 1, "versions are gap-free, rolled back ones included");
    System.out.println("ordering: " + commits.size() + " commits, " + retries.get() + " deadlock retries, "
        + reads + " reads");
  }
}
