package io.possync.cloud.pos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.possync.cloud.store.CloudDatabase;
import io.possync.core.caps.Actor;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckMerge;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.CheckStoreTestBase;
import io.possync.core.wire.CheckExchange;
import io.possync.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud's side of the check exchange over PostgreSQL, exchange by exchange as a host that may die between any two
 * steps would make them.
 */
class CheckMergerTest {

  static Vertx vertx;
  static PgConnectOptions options;
  static CloudDatabase db;
  static final Instant T = Instant.parse("2026-11-26T20:00:00Z");

  @BeforeAll
  static void startDatabase() {
    vertx = Vertx.vertx();
    options = TestPostgres.newDatabase(CheckMergerTest.class.getSimpleName());
    db = CloudDatabase.open(vertx, options, 4).await();
  }

  @AfterAll
  static void dropDatabase() {
    db.close().await();
    vertx.close().await();
    TestPostgres.dropDatabase(options);
  }

  final CheckMerger merger = new CheckMerger(db.pool(), Clock.systemUTC());

  static Check next(Check c) {
    return c.change().done(); // a write that changes nothing but the revision stands for any write
  }

  static CheckExchange.Merged send(UUID property, Check c, int seconds, int base) {
    CheckExchange.Answer a = merger().exchange(property, new CheckExchange(List.of(new CheckExchange.Sent(
        new CheckMerge.State(c, T.plusSeconds(seconds)), base)), List.of())).await();
    return a.checks().get(0);
  }

  static CheckMerger merger() {
    return new CheckMerger(db.pool(), Clock.systemUTC());
  }

  @Test
  void aHostThatDiedBeforeRecordingTheCloudsAgreementDoesNotSplitWithItself() {
    UUID property = PgCheckStoreTest.importProperty(db);
    Check r1 = CheckStoreTestBase.openForTest().withNumber(1);
    Check r2 = next(r1);
    Check r3 = next(r2);
    assertEquals(r1.revision(), send(property, r1, 1, 0).state().check().revision());
    send(property, r2, 2, r1.revision()); // the cloud stored r2; the host died before it recorded that
    CheckExchange.Merged m = send(property, r3, 3, r1.revision());
    assertEquals(r3.revision(), m.state().check().revision(), "the host's own continuation, not a split");
    assertEquals(List.of(), m.audit());
    assertNull(m.refused());
  }

  @Test
  void aSplitAnsweredAgainKeepsOneAuditEntryOnTheCloud() {
    UUID property = PgCheckStoreTest.importProperty(db);
    Check r1 = CheckStoreTestBase.openForTest().withNumber(1);
    send(property, r1, 1, 0);
    // the cloud changes the check (a workstation in GREEN mode), and so does the host
    PgCheckStore cloudStore = new PgCheckStore(db.pool(), property, PgCheckStore.CLOUD_FIRST_NUMBER);
    cloudStore.commit(new io.possync.core.caps.CheckStore.Write(CheckStoreTestBase.withBurger(r1), 1, null, false))
        .await();
    Check onHost = CheckStoreTestBase.withBurger(CheckStoreTestBase.withBurger(r1));
    CheckExchange.Merged first = send(property, onHost, 30, r1.revision());
    assertEquals(1, first.audit().size());
    // the answer was lost: the host sends the same again
    CheckExchange.Merged again = send(property, onHost, 30, r1.revision());
    assertEquals(first.audit().get(0).id(), again.audit().isEmpty() ? first.audit().get(0).id()
        : again.audit().get(0).id(), "the same entry, not a second one");
    assertEquals(1, cloudStore.audit(r1.id()).await().size(), "one entry on the cloud");
    assertEquals(onHost.lines(), again.state().check().lines(), "the same state stays");
  }
}
