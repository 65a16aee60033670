package io.possync.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.support.TestStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Change capture by the database: every client's edits are logged, versioned per transaction and fanned out. */
class ChangeCaptureTest {

  static TestStore store;
  static UUID north;
  static UUID south;
  static UUID elsewhere;
  static String enterprise;

  @BeforeAll
  static void setUp() {
    store = TestStore.create(ChangeCaptureTest.class);
    JsonObject a = store.importSample("North Wharf");
    JsonObject b = store.importSample("South Wharf");
    north = UUID.fromString(a.getJsonObject("property").getString("id"));
    south = UUID.fromString(b.getJsonObject("property").getString("id"));
    enterprise = a.getJsonObject("enterprise").getString("id");
    // A property of another enterprise.
    JsonObject c = new io.possync.testdata.PropertyGenerator("Inland Diner",
        new io.possync.testdata.PropertyGenerator.Size(5, 4, 2, 5, 2, 1, 4)).generate();
    String otherEnterprise = UUID.randomUUID().toString();
    c.getJsonObject("enterprise").put("id", otherEnterprise).put("name", "Inland Foods");
    c.getJsonObject("property").put("enterpriseId", otherEnterprise);
    c.remove("giftCards");
    c.remove("loyaltyPrograms");
    c.remove("loyaltyEnrollments");
    elsewhere = new PropertyImport(io.possync.core.catalog.Catalog.get()).run(store.pool(), c, null).await().propertyId();
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  static int version(Connection c, UUID property) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM property_versions WHERE property_id = ?")) {
      ps.setObject(1, property);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getInt(1);
      }
    }
  }

  record Change(int version, String type, UUID entity, String op, String data, UUID changedBy) {
  }

  static List<Change> changesAfter(Connection c, UUID property, int after) throws SQLException {
    List<Change> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT version, entity_type, entity_id, operation, data::text, "
        + "changed_by FROM config_versions WHERE property_id = ? AND version > ? ORDER BY version, seq")) {
      ps.setObject(1, property);
      ps.setInt(2, after);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(rs.getInt(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
              rs.getString(5), rs.getObject(6, UUID.class)));
        }
      }
    }
    return out;
  }

  static UUID anyId(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getObject(1, UUID.class);
    }
  }

  @Test
  void plainSqlEditsAreCapturedOneVersionPerTransaction() throws SQLException {
    try (Connection c = store.jdbc()) {
      int before = version(c, north);
      int southBefore = version(c, south);
      UUID manager = anyId(c, "SELECT id FROM employees WHERE property_id = '" + north + "' ORDER BY id LIMIT 1");
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL possync.changed_by = '" + manager + "'");
        int n = s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 25 WHERE property_id = '" + north
            + "' AND sort_order = 1");
        assertTrue(n > 1, "several rows in one transaction");
      }
      c.commit();
      c.setAutoCommit(true);

      List<Change> changes = changesAfter(c, north, before);
      assertFalse(changes.isEmpty());
      assertTrue(changes.stream().allMatch(ch -> ch.version() == before + 1), "one version for the transaction");
      assertEquals(before + 1, version(c, north));
      Change first = changes.get(0);
      assertEquals("menu_items", first.type());
      assertEquals("UPDATE", first.op());
      assertEquals(manager, first.changedBy());
      JsonObject data = new JsonObject(first.data());
      assertNotNull(data.getLong("price_cents"), "data is the new row");
      assertEquals(first.entity().toString(), data.getString("id"));
      assertEquals(southBefore, version(c, south), "another property's version is untouched");

      // A second transaction gets the next version; a DELETE logs no data; a no-op update logs nothing.
      UUID link = anyId(c, "SELECT id FROM menu_item_modifier_groups WHERE property_id = '" + north + "' LIMIT 1");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM menu_item_modifier_groups WHERE id = '" + link + "'");
        s.executeUpdate("UPDATE menu_items SET name = name WHERE property_id = '" + north + "'");
      }
      List<Change> more = changesAfter(c, north, before + 1);
      assertEquals(1, more.size());
      assertEquals("DELETE", more.get(0).op());
      assertEquals(before + 2, more.get(0).version());
      assertNull(more.get(0).data());
      assertNull(more.get(0).changedBy(), "changed_by is only what the transaction set");
    }
  }

  @Test
  void secretColumnsNeverReachTheLog() throws SQLException {
    UUID host = new ServiceHostRegistry().register(store.pool(), south, "Office").await().serviceHostId();
    try (Connection c = store.jdbc()) {
      int before = version(c, south);
      new ServiceHostRegistry().rotate(store.pool(), host).await();
      assertEquals(before, version(c, south), "a token rotation is no configuration change");
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT count(*) FROM config_versions WHERE entity_type = 'service_hosts' AND data ? 'auth_token'")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE service_hosts SET name = 'Back office' WHERE id = '" + host + "'");
      }
      List<Change> ch = changesAfter(c, south, before);
      assertEquals(1, ch.size());
      assertFalse(new JsonObject(ch.get(0).data()).containsKey("auth_token"));
    }
  }

  @Test
  void enterpriseRowsFanOutToEveryPropertyOfTheEnterprise() throws SQLException {
    try (Connection c = store.jdbc()) {
      int n0 = version(c, north);
      int s0 = version(c, south);
      int e0 = version(c, elsewhere);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE enterprises SET name = 'Harbor Hospitality' WHERE id = '" + enterprise + "'");
      }
      assertEquals(n0 + 1, version(c, north));
      assertEquals(s0 + 1, version(c, south));
      assertEquals(e0, version(c, elsewhere), "another enterprise's property is not reached");
      assertEquals("enterprises", changesAfter(c, north, n0).get(0).type());
      assertEquals("enterprises", changesAfter(c, south, s0).get(0).type());

      // A gift card of one property reaches that property only; an enterprise-wide one reaches both.
      UUID own = anyId(c, "SELECT id FROM gift_cards WHERE property_id = '" + north + "' LIMIT 1");
      UUID wide = anyId(c, "SELECT id FROM gift_cards WHERE property_id IS NULL AND enterprise_id = '" + enterprise
          + "' LIMIT 1");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE gift_cards SET balance_cents = balance_cents - 100 WHERE id = '" + own + "'");
      }
      assertEquals(n0 + 2, version(c, north));
      assertEquals(s0 + 1, version(c, south));
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE gift_cards SET balance_cents = balance_cents - 100 WHERE id = '" + wide + "'");
      }
      assertEquals(n0 + 3, version(c, north));
      assertEquals(s0 + 2, version(c, south));
    }
  }

  @Test
  void globalRowsFanOutToEveryProperty() throws SQLException {
    try (Connection c = store.jdbc()) {
      int n0 = version(c, north);
      int s0 = version(c, south);
      int e0 = version(c, elsewhere);
      UUID id = UUID.randomUUID();
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO privileges (id, code, name) VALUES ('" + id + "', 'split_check', 'Split check')");
      }
      for (UUID p : List.of(north, south, elsewhere)) {
        List<Change> ch = changesAfter(c, p, p.equals(north) ? n0 : p.equals(south) ? s0 : e0);
        assertEquals(1, ch.size(), "privilege reaches " + p);
        assertEquals("privileges", ch.get(0).type());
        assertEquals("INSERT", ch.get(0).op());
        assertEquals(id, ch.get(0).entity());
      }
    }
  }

  static int minDeltaVersion(Connection c, UUID property) throws SQLException {
    return anyInt(c, "SELECT min_delta_version FROM property_versions WHERE property_id = '" + property + "'");
  }

  static int anyInt(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getInt(1);
    }
  }

  /** The catalog's full-sync columns of the property root (its enterprise, its feature flags), and only those. */
  @Test
  void aFeatureFlagOrEnterpriseChangeMakesThePropertysHostsFullSync() throws SQLException {
    try (Connection c = store.jdbc(); Statement s = c.createStatement()) {
      int min = minDeltaVersion(c, elsewhere);
      s.executeUpdate("UPDATE properties SET name = name || ' (renamed)' WHERE id = '" + elsewhere + "'");
      assertEquals(min, minDeltaVersion(c, elsewhere), "a plain property edit keeps deltas going");
      for (String flag : io.possync.core.catalog.Catalog.get().fullSyncColumns()) {
        String other = flag.equals("enterprise_id") ? "'" + enterprise + "'" : "NOT " + flag;
        String previous;
        try (ResultSet rs = s.executeQuery("SELECT " + flag + "::text FROM properties WHERE id = '" + elsewhere + "'")) {
          rs.next();
          previous = rs.getString(1);
        }
        s.executeUpdate("UPDATE properties SET " + flag + " = " + other + " WHERE id = '" + elsewhere + "'");
        int v = version(c, elsewhere);
        assertEquals(v, minDeltaVersion(c, elsewhere), flag + " changed: deltas from before it are refused");
        s.executeUpdate("UPDATE properties SET " + flag + " = '" + previous + "' WHERE id = '" + elsewhere + "'");
        assertEquals(version(c, elsewhere), minDeltaVersion(c, elsewhere), flag + " changed back");
      }
    }
  }

  @Test
  void commitsNotifyWithPropertyVersionAndUrgency() throws Exception {
    try (Connection listener = store.jdbc(); Connection writer = store.jdbc()) {
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN possync_config");
      }
      UUID employee = anyId(writer, "SELECT id FROM employees WHERE property_id = '" + south + "' AND active LIMIT 1");
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        s.executeUpdate("UPDATE employees SET active = false WHERE id = '" + employee + "'");
        s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 1 WHERE property_id = '" + south + "'");
      }
      assertEquals(0, poll(listener, 200).size(), "nothing is announced before commit");
      writer.commit();
      int v = version(writer, south);
      Set<String> got = new HashSet<>(poll(listener, 5000));
      assertTrue(got.contains(south + " " + v + " urgent"), "employee deactivated is urgent: " + got);
      assertTrue(got.contains(south + " " + v + " updated"), got.toString());
      assertEquals(2, got.size(), "one notification per kind per transaction, not per row: " + got);
    }
  }

  private static List<String> poll(Connection c, long waitMs) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    List<String> out = new ArrayList<>();
    long end = System.currentTimeMillis() + waitMs;
    while (System.currentTimeMillis() < end) {
      PGNotification[] n = pg.getNotifications(100);
      if (n != null) {
        for (PGNotification x : n) {
          out.add(x.getParameter());
        }
        if (!out.isEmpty()) {
          // drain what came in the same commit
          PGNotification[] rest = pg.getNotifications(50);
          if (rest != null) {
            for (PGNotification x : rest) {
              out.add(x.getParameter());
            }
          }
          return out;
        }
      }
    }
    return out;
  }
}
