package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.PropertyImport;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.CheckStore.Write;
import io.possync.core.caps.CheckStoreTestBase;
import io.possync.core.catalog.Catalog;
import io.possync.support.TestCloud;
import io.possync.support.TestPostgres;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check store behaviour suite on the cloud's PostgreSQL (a property of its own per test, numbered from 1 as the
 * suite expects), and what only the cloud has: two nodes on one property, the cloud's number range, posting once.
 */
class PgCheckStoreTest extends CheckStoreTestBase {

  static Vertx vertx;
  static PgConnectOptions options;
  static CloudDatabase db;
  final List<Pool> pools = new ArrayList<>();
  UUID property;

  @BeforeAll
  static void startDatabase() {
    vertx = Vertx.vertx();
    options = TestPostgres.newDatabase(PgCheckStoreTest.class.getSimpleName());
    db = CloudDatabase.open(vertx, options, 4).await();
  }

  @AfterAll
  static void dropDatabase() {
    db.close().await();
    vertx.close().await();
    TestPostgres.dropDatabase(options);
  }

  @AfterEach
  void closePools() {
    pools.forEach(p -> p.close().await());
  }

  static UUID newProperty() {
    return importProperty(db);
  }

  /** Imports a small generated property; its id. */
  static UUID importProperty(CloudDatabase db) {
    JsonObject f = new PropertyGenerator("Green " + UUID.randomUUID(), new PropertyGenerator.Size(4, 2, 2, 4, 2, 2, 4))
        .generate();
    new PropertyImport(Catalog.get()).run(db.pool(), f, null).await();
    return TestCloud.propertyId(f);
  }

  /** A store as one more cloud node would have: a pool of its own over the same database. */
  PgCheckStore node(int firstNumber) {
    Pool pool = CloudDatabase.pool(vertx, options, 4);
    pools.add(pool);
    return new PgCheckStore(pool, property, firstNumber);
  }

  @Override
  protected CheckStore store() {
    property = newProperty();
    return node(1);
  }

  @Override
  protected CheckStore reopen() {
    return node(1);
  }

  @Override
  protected List<String> posted() {
    List<String> ids = new ArrayList<>();
    db.pool().preparedQuery("SELECT id FROM offline_transactions WHERE property_id = $1 ORDER BY received_at, id")
        .execute(Tuple.of(property)).await().forEach(r -> ids.add(r.getUUID(0).toString()));
    return ids;
  }

  static final Instant EVENING = Instant.parse("2026-11-26T22:00:00Z");
  static final String DINING = "00000000-0000-0000-0000-00000000d001";

  /** A new open check with nothing on it (the rules are the suite's business; here only the store counts). */
  static Check open() {
    return new Check(UUID.randomUUID().toString(), 0, DINING, "dine_in", 2, null, Check.OPEN, "emp", "ws",
        LocalDate.parse("2026-11-26"), EVENING, null, 1, false, List.of(), List.of(), List.of(), List.of(), Map.of(),
        null).recomputed();
  }

  /** The check at its next revision, with this status and guest count. */
  static Check next(Check c, String status, int guests) {
    return Check.fromJson(c.toJson().put("revision", c.revision() + 1).put("status", status)
        .put("guestCount", guests));
  }

  @Test
  void theCloudNumbersFromItsOwnRange() {
    property = newProperty();
    PgCheckStore s = node(PgCheckStore.CLOUD_FIRST_NUMBER);
    assertEquals(5001, s.commit(new Write(open(), 0, null, false)).await().number());
    assertEquals(5002, s.commit(new Write(open(), 0, null, false)).await().number());
  }

  @Test
  void twoNodesOnOnePropertyNumberApartAndOneWriteWins() {
    property = newProperty();
    PgCheckStore a = node(PgCheckStore.CLOUD_FIRST_NUMBER);
    PgCheckStore b = node(PgCheckStore.CLOUD_FIRST_NUMBER);
    List<Future<Check>> opens = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      opens.add((i % 2 == 0 ? a : b).commit(new Write(open(), 0, null, false)));
    }
    Set<Integer> numbers = new HashSet<>();
    opens.forEach(f -> numbers.add(f.await().number()));
    assertEquals(40, numbers.size(), String.valueOf(numbers));
    Check c = opens.get(0).await();
    Check onA = next(c, Check.OPEN, 3);
    Check onB = next(c, Check.OPEN, 4);
    Future<Check> x = a.commit(new Write(onA, c.revision(), null, false));
    Future<Check> y = b.commit(new Write(onB, c.revision(), null, false));
    List<Object> outcomes = new ArrayList<>();
    for (Future<Check> f : List.of(x, y)) {
      outcomes.add(f.transform(ar -> Future.succeededFuture(ar.succeeded() ? ar.result() : ar.cause())).await());
    }
    assertEquals(1, outcomes.stream().filter(o -> o instanceof Check).count(), String.valueOf(outcomes));
    assertInstanceOf(CheckStore.StaleRevisionException.class,
        outcomes.stream().filter(o -> !(o instanceof Check)).findFirst().orElseThrow());
    Check won = (Check) outcomes.stream().filter(o -> o instanceof Check).findFirst().orElseThrow();
    assertEquals(won, b.get(c.id()).await(), "both nodes read the winner");
    assertEquals(won, a.get(c.id()).await());
  }

  @Test
  void aClosedCheckIsPostedOnceAndFollowsItsLaterRevision() {
    property = newProperty();
    PgCheckStore s = node(PgCheckStore.CLOUD_FIRST_NUMBER);
    Check c = s.commit(new Write(open(), 0, null, false)).await();
    Check closed = s.commit(new Write(next(c, Check.CLOSED, 2), c.revision(), null, true)).await();
    Check again = s.commit(new Write(next(closed, Check.CLOSED, 2), closed.revision(), null, true))
        .await();
    List<Object[]> rows = new ArrayList<>();
    db.pool().preparedQuery("SELECT number, (payload ->> 'revision')::int, property_id FROM posted_checks "
            + "WHERE id = $1::text::uuid").execute(Tuple.of(c.id())).await()
        .forEach(r -> rows.add(new Object[] {r.getInteger(0), r.getInteger(1), r.getUUID(2)}));
    assertEquals(1, rows.size(), "posted once");
    assertEquals(5001, rows.get(0)[0]);
    assertEquals(again.revision(), rows.get(0)[1], "the posted row follows the later revision");
    assertEquals(property, rows.get(0)[2]);
    assertEquals(List.of(c.id()), posted());
  }
}
