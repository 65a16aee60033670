package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.possync.cloud.store.ServiceHostRegistry;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.ColumnType;
import io.possync.core.catalog.EntityType;
import io.possync.core.config.HostConfig;
import io.possync.host.config.ConfigSnapshot;
import io.possync.support.TestCloud;
import io.possync.support.TestHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a delta holds, the host's cache ends equal to the cloud. Random sequences of inserts, updates and deletes
 * over random rows of random entity types are made in the real cloud with plain SQL (foreign keys respected: a
 * delete first deletes the rows that reference its row, in the same transaction); the host applies them once as one
 * delta (it was off while they happened) and once as one delta per transaction (it was on). After each, the cache
 * file, reopened as a restarted host would, equals the cloud's full snapshot row by row. The seed is in every failure
 * message; {@code -Dpossync.seed=N} replays one.
 */
class DeltaApplyGenerativeTest {

  /** Types whose rows the generator leaves alone: the property's own row, its enterprise, and registered hosts. */
  static final Set<String> FIXED = Set.of("enterprises", "properties", "service_hosts");

  static TestCloud cloud;
  static final Catalog CATALOG = Catalog.get();

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() {
    cloud = TestCloud.start(DeltaApplyGenerativeTest.class, null);
  }

  @AfterAll
  static void tearDown() {
    cloud.close();
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 23, 42, 1977})
  void theCacheEqualsTheCloudAfterRandomChangesAppliedAsOneDeltaAndAsSeveral(long fixedSeed) throws Exception {
    long seed = Long.getLong("possync.seed", fixedSeed);
    Random random = new Random(seed);
    JsonObject file = cloud.importProperty("Generated " + seed);
    UUID property = TestCloud.propertyId(file);
    ServiceHostRegistry.Registration reg = cloud.register(property, "gen host " + seed);
    HostConfig conf = TestHost.config(dir, property, reg.serviceHostId(), cloud.base(), reg.token(), 300);
    Generator gen = new Generator(random, property);

    try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
      TestHost.awaitVersion(host, cloud.version(property), "seed " + seed + ": first full sync");
    }
    // 1. The host is off while 25 transactions happen: one delta when it starts again.
    for (int i = 0; i < 25; i++) {
      gen.transaction();
    }
    Instant fullBefore = TestHost.cacheFromFile(conf, reg.token()).lastFullSyncAt();
    try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
      ConfigSnapshot s = TestHost.awaitVersion(host, cloud.version(property), "seed " + seed + ": one delta");
      assertEquals(fullBefore, s.lastFullSyncAt(), "seed " + seed + ": the catch-up was a delta, not a full sync");
      assertSameAsCloud(s, property, "seed " + seed + ", in memory after one delta", gen.log);
    }
    assertSameAsCloud(TestHost.cacheFromFile(conf, reg.token()), property, "seed " + seed
        + ", in the file after one delta", gen.log);

    // 2. The host is on: each transaction reaches it as a delta of its own.
    gen.log.clear();
    try (HostRuntime host = TestHost.start(conf, Clock.systemUTC())) {
      TestHost.awaitVersion(host, cloud.version(property), "seed " + seed + ": start");
      for (int i = 0; i < 12; i++) {
        if (gen.transaction()) {
          TestHost.awaitVersion(host, cloud.version(property), "seed " + seed + ": delta " + i);
        }
      }
      assertSameAsCloud(host.config().current(), property, "seed " + seed + ", in memory after several deltas",
          gen.log);
    }
    assertSameAsCloud(TestHost.cacheFromFile(conf, reg.token()), property, "seed " + seed
        + ", in the file after several deltas", gen.log);
  }

  /** A host's configuration against the cloud's full snapshot: same version, same rows, same values. */
  static void assertSameAsCloud(ConfigSnapshot cache, UUID property, String what, List<String> changes) {
    JsonObject full = new SnapshotQuery(CATALOG).read(cloud.pool(), property).await().orElseThrow()
        .toJson(CATALOG, Instant.now());
    String made = " (changes made, one transaction each: " + changes + ")";
    assertEquals(full.getInteger("version"), cache.version(), what + ": version" + made);
    for (EntityType e : CATALOG.entities()) {
      Object v = full.getValue(e.key());
      Map<String, JsonObject> expected = new TreeMap<>();
      if (v != null) {
        for (Object o : e.single() ? new JsonArray().add(v) : (JsonArray) v) {
          expected.put(((JsonObject) o).getString("id"), (JsonObject) o);
        }
      }
      Map<String, JsonObject> actual = new TreeMap<>(cache.table(e.table()));
      if (!expected.keySet().equals(actual.keySet())) {
        Set<String> extra = new java.util.TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        Set<String> missing = new java.util.TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        fail(what + ": " + e.table() + " rows differ; in the cache only " + extra + ", in the cloud only " + missing
            + made);
      }
      for (Map.Entry<String, JsonObject> row : expected.entrySet()) {
        assertEquals(row.getValue(), actual.get(row.getKey()), what + ": " + e.table() + " " + row.getKey() + made);
      }
    }
  }

  /** Random changes made with plain SQL in the cloud, one transaction at a time. */
  static final class Generator {
    final Random random;
    final UUID property;
    final List<EntityType> types;
    /** Rows touched lately: picked again often, so that one delta updates and deletes the same row. */
    final List<String[]> touched = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Generator(Random random, UUID property) {
      this.random = random;
      this.property = property;
      this.types = CATALOG.entities().stream().filter(e -> !FIXED.contains(e.table())).toList();
    }

    /** One transaction of 1 to 4 changes; false when none of them could be made. */
    boolean transaction() throws SQLException {
      try (Connection c = cloud.jdbc()) {
        c.setAutoCommit(false);
        int made = 0;
        int n = 1 + random.nextInt(4);
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Savepoint sp = c.setSavepoint();
          try {
            String op = change(c);
            if (op != null) {
              made++;
              ops.add(op);
              c.releaseSavepoint(sp);
            } else {
              c.rollback(sp);
            }
          } catch (SQLException e) {
            c.rollback(sp); // a unique or foreign key rule said no: that change is not made
          }
        }
        c.commit();
        if (made > 0) {
          log.add(String.join(" ", ops));
        }
        return made > 0;
      }
    }

    String change(Connection c) throws SQLException {
      String[] target = pickRow(c);
      int dice = random.nextInt(10);
      if (target == null || dice < 3) {
        EntityType e = target == null ? types.get(random.nextInt(types.size())) : CATALOG.table(target[0]);
        String src = target == null ? anyRow(c, e) : target[1];
        return src == null ? null : insert(c, e, src);
      }
      EntityType e = CATALOG.table(target[0]);
      return dice < 7 ? update(c, e, target[1]) : delete(c, e, target[1], 0);
    }

    /** A row of this property's configuration: often one touched lately, else one of a random type. */
    String[] pickRow(Connection c) throws SQLException {
      if (!touched.isEmpty() && random.nextInt(2) == 0) {
        return touched.get(random.nextInt(touched.size()));
      }
      EntityType e = types.get(random.nextInt(types.size()));
      String id = anyRow(c, e);
      return id == null ? null : new String[] {e.table(), id};
    }

    String anyRow(Connection c, EntityType e) throws SQLException {
      List<String> ids = ids(c, "SELECT t.id FROM " + e.table() + " t, properties p WHERE p.id = '" + property
          + "' AND " + new io.possync.cloud.store.CatalogSql(io.possync.core.catalog.Catalog.get()).visible(e, "t") + " ORDER BY t.id");
      return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    String insert(Connection c, EntityType e, String src) throws SQLException {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      StringBuilder cols = new StringBuilder();
      StringBuilder vals = new StringBuilder();
      for (Column col : e.columns()) {
        cols.append(cols.isEmpty() ? "" : ", ").append(col.name());
        vals.append(vals.isEmpty() ? "" : ", ").append(col.isId() ? "'" + id + "'" : freeText(e, col)
            ? "'" + col.name() + " " + id.substring(0, 8) + "'" : col.name());
      }
      if (exec(c, "INSERT INTO " + e.table() + " (" + cols + ") SELECT " + vals + " FROM " + e.table()
          + " WHERE id = '" + src + "'") != 1) {
        return null;
      }
      touched.add(new String[] {e.table(), id});
      return "insert " + e.table() + "/" + id;
    }

    /** A column set to a new text, or to the value another row of the same type has (a reference, a price...). */
    String update(Connection c, EntityType e, String id) throws SQLException {
      List<Column> cols = e.columns().stream().filter(col -> !col.isId() && !col.secret()
          && !col.name().equals(e.propertyColumn()) && !col.name().equals(e.enterpriseColumn())).toList();
      if (cols.isEmpty()) {
        return null;
      }
      Column col = cols.get(random.nextInt(cols.size()));
      String other = anyRow(c, e);
      String value = freeText(e, col) ? "'" + col.name() + " " + random.nextInt(1_000_000) + "'"
          : other == null ? null : "(SELECT " + col.name() + " FROM " + e.table() + " WHERE id = '" + other + "')";
      if (value == null || exec(c, "UPDATE " + e.table() + " SET " + col.name() + " = " + value + " WHERE id = '"
          + id + "'") != 1) {
        return null;
      }
      touched.add(new String[] {e.table(), id});
      return "update " + e.table() + "/" + id + "." + col.name();
    }

    /** Deletes a row after the rows that reference it (up to three levels down). */
    String delete(Connection c, EntityType e, String id, int depth) throws SQLException {
      if (depth > 3) {
        throw new SQLException("references too deep");
      }
      for (EntityType t : CATALOG.entities()) {
        for (Column col : t.columns()) {
          if (e.table().equals(col.ref()) && !col.isId()) {
            for (String child : ids(c, "SELECT id FROM " + t.table() + " WHERE " + col.name() + " = '" + id + "'")) {
              if (child.equals(id) && t == e) {
                continue;
              }
              delete(c, t, child, depth + 1);
            }
          }
        }
      }
      if (exec(c, "DELETE FROM " + e.table() + " WHERE id = '" + id + "'") != 1) {
        return null;
      }
      return "delete " + e.table() + "/" + id;
    }

    static boolean freeText(EntityType e, Column col) {
      return col.type() == ColumnType.TEXT && col.ref() == null && col.values().isEmpty() && col.format() == null
          && !col.secret() && (col.name().equals("name") || col.name().equals("description"));
    }

    static int exec(Connection c, String sql) throws SQLException {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate(sql);
      }
    }

    static List<String> ids(Connection c, String sql) throws SQLException {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
