package io.possync.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.caps.CheckStore.Idempotency;
import io.possync.core.caps.CheckStore.Write;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CheckStore} has, run against each implementation (as vertx-sql-client's tck test bases
 * are): a subclass gives a fresh store, a way to reopen it, and what its posting queue holds.
 */
public abstract class CheckStoreTestBase {

  /** A store over fresh, empty storage. Called once per test. */
  protected abstract CheckStore store() throws Exception;

  /** The same storage opened again, as after a restart (the old store is closed first). */
  protected abstract CheckStore reopen() throws Exception;

  /** Ids of the transactions the posting queue holds. */
  protected abstract List<String> posted() throws Exception;

  static final Instant EVENING = Instant.parse("2026-11-26T22:00:00Z");
  static final Instant NEXT_DAY = Instant.parse("2026-11-27T22:00:00Z");
  final Actor server = new Actor("emp", Set.of(), "ws");

  final CheckRules rules = new CheckRules(CheckRulesTestTables.config(CheckRulesTestTables.TABLES),
      () -> UUID.randomUUID().toString());

  /** A new check as the rules open it (for store tests of one implementation). */
  public static Check openForTest() {
    return new CheckRules(CheckRulesTestTables.config(CheckRulesTestTables.TABLES), () -> UUID.randomUUID().toString())
        .open(new Actor("emp", Set.of(), "ws"), new Requests.OpenCheck(CheckRulesTestTables.DINING, null, 2, null),
            UUID.randomUUID().toString(), 0, EVENING);
  }

  /** The check with one more line (a real change), as the rules ring it. */
  public static Check withBurger(Check c) {
    return new CheckRules(CheckRulesTestTables.config(CheckRulesTestTables.TABLES), () -> UUID.randomUUID().toString())
        .addLine(c, new Requests.AddLine(CheckRulesTestTables.BURGER, 1, List.of(CheckRulesTestTables.RARE)));
  }

  Check fresh(Instant at) {
    return rules.open(server, new Requests.OpenCheck(CheckRulesTestTables.DINING, null, 2, null),
        UUID.randomUUID().toString(), 0, at);
  }

  Check burger(Check c) {
    return rules.addLine(c, new Requests.AddLine(CheckRulesTestTables.BURGER, 1, List.of(CheckRulesTestTables.RARE)));
  }

  static Throwable failure(Future<?> f) {
    try {
      f.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void newChecksAreNumberedPerBusinessDate() throws Exception {
    CheckStore s = store();
    Check a = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check b = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check c = s.commit(new Write(fresh(NEXT_DAY), 0, null, false)).await();
    assertEquals(List.of(1, 2, 1), List.of(a.number(), b.number(), c.number()));
    assertEquals(LocalDate.parse("2026-11-27"), c.businessDate());
  }

  @Test
  void concurrentOpensGetDistinctNumbers() throws Exception {
    CheckStore s = store();
    List<Future<Check>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(s.commit(new Write(fresh(EVENING), 0, null, false)));
    }
    Set<Integer> numbers = new HashSet<>();
    for (Future<Check> f : all) {
      numbers.add(f.await().number());
    }
    assertEquals(50, numbers.size());
    assertTrue(numbers.contains(1) && numbers.contains(50), String.valueOf(numbers));
  }

  @Test
  void whatIsCommittedReadsBackTheSame() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check rung = s.commit(new Write(burger(c), c.revision(), null, false)).await();
    assertEquals(rung, s.get(c.id()).await());
    assertEquals(2, s.get(c.id()).await().revision());
    assertNull(s.get(UUID.randomUUID().toString()).await());
  }

  @Test
  void aWriteAtAStaleRevisionChangesNothing() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check first = s.commit(new Write(burger(c), c.revision(), null, false)).await();
    Throwable stale = failure(s.commit(new Write(burger(burger(c)), c.revision(), null, false)));
    assertInstanceOf(CheckStore.StaleRevisionException.class, stale);
    assertEquals(first, s.get(c.id()).await());
  }

  @Test
  void ofTwoWritesAtOneRevisionExactlyOneWins() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Future<Check> x = s.commit(new Write(burger(c), c.revision(), null, false));
    Future<Check> y = s.commit(new Write(burger(burger(c)), c.revision(), null, false));
    int won = 0;
    for (Future<Check> f : List.of(x, y)) {
      try {
        f.await();
        won++;
      } catch (CheckStore.StaleRevisionException e) {
        // the loser
      }
    }
    assertEquals(1, won);
    assertEquals(1, s.get(c.id()).await().lines().size());
  }

  @Test
  void anAnswerIsKeptPerDeviceAndKey() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(fresh(EVENING), 0, new Idempotency("ws-1", "k1", "h1", 201), false)).await();
    CheckStore.Kept kept = s.kept("ws-1", "k1").await();
    assertEquals("h1", kept.requestHash());
    assertEquals(201, kept.status());
    assertEquals(c.toJson(), kept.body());
    assertNull(s.kept("ws-2", "k1").await(), "another device's key is its own");
  }

  @Test
  void aPostedCheckIsQueuedWithItsWrite() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    assertEquals(List.of(), posted());
    Check closed = rules.close(c, EVENING);
    s.commit(new Write(closed, c.revision(), null, true)).await();
    assertEquals(List.of(c.id()), posted());
  }

  @Test
  void committedWritesSurviveAReopen() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(burger(fresh(EVENING)), 0, new Idempotency("ws", "k", "h", 201), false)).await();
    CheckStore again = reopen();
    assertEquals(c, again.get(c.id()).await());
    assertEquals(c.toJson(), again.kept("ws", "k").await().body());
    assertEquals(2, again.commit(new Write(fresh(EVENING), 0, null, false)).await().number());
  }

  @Test
  void listFiltersByStatus() throws Exception {
    CheckStore s = store();
    Check open = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check other = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    s.commit(new Write(rules.close(other, EVENING), other.revision(), null, true)).await();
    assertEquals(List.of(open.id()), s.list(Check.OPEN, null).await().stream().map(Check::id).toList());
    assertEquals(2, s.list(null, open.businessDate()).await().size());
    Check tomorrow = s.commit(new Write(fresh(NEXT_DAY), 0, null, false)).await();
    assertEquals(List.of(tomorrow.id()), s.list(null, tomorrow.businessDate()).await().stream().map(Check::id)
        .toList(), "by business date");
    assertEquals(2, s.list(Check.OPEN, null).await().size(), "open checks of every date");
  }

  @Test
  void kitchenEventsAreWrittenWithTheirCheckAndHandedOutInOrder() throws Exception {
    CheckStore s = store();
    Check c = s.commit(new Write(burger(fresh(EVENING)), 0, null, false)).await();
    Check sent = rules.send(c);
    List<io.possync.core.kitchen.KitchenEvent> events = io.possync.core.kitchen.KitchenEvent.between(c, sent,
        EVENING, () -> UUID.randomUUID().toString());
    assertEquals(1, events.size());
    s.commit(new Write(sent, c.revision(), null, false, events)).await();
    Check second = s.commit(new Write(burger(fresh(EVENING)), 0, null, false)).await();
    Check secondSent = rules.send(second);
    s.commit(new Write(secondSent, second.revision(), null, false, io.possync.core.kitchen.KitchenEvent.between(
        second, secondSent, EVENING, () -> UUID.randomUUID().toString()))).await();
    List<io.possync.core.kitchen.KitchenEvent> pending = reopen().kitchenPending(10).await();
    assertEquals(List.of(c.number(), second.number()), pending.stream().map(e -> e.checkNumber()).toList());
    assertEquals(io.possync.core.kitchen.KitchenEvent.SEND, pending.get(0).kind());
    assertEquals("BRGR", pending.get(0).lines().get(0).kitchenName());
    CheckStore again = reopen();
    again.kitchenDone(List.of(pending.get(0).id())).await();
    assertEquals(List.of(second.number()), again.kitchenPending(10).await().stream().map(e -> e.checkNumber())
        .toList());
  }

  @Test
  void aWriteThatFailsFailsAloneAndTheOthersCommit() throws Exception {
    CheckStore s = store();
    Check existing = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    // sent together (one group where the store groups): a new check reusing a stored check's id cannot be stored
    Check clash = new Check(existing.id(), 0, existing.rvcId(), existing.orderType(), 2, null, Check.OPEN,
        "emp", "ws", existing.businessDate(), EVENING, null, 1, false, List.of(), List.of(), List.of(), List.of(),
        java.util.Map.of(), null).recomputed();
    Future<Check> before = s.commit(new Write(fresh(EVENING), 0, null, false));
    Future<Check> bad = s.commit(new Write(clash, 0, null, false));
    Future<Check> after = s.commit(new Write(fresh(EVENING), 0, new Idempotency("ws", "k-alone", "h", 201), false));
    assertTrue(failure(bad) != null);
    Check b = before.await();
    Check a = after.await();
    assertEquals(java.util.Set.of(existing.id(), b.id(), a.id()), new java.util.HashSet<>(s.list(Check.OPEN, null)
        .await().stream().map(Check::id).toList()), "the writes beside it were stored");
    assertEquals(after.await().toJson(), s.kept("ws", "k-alone").await().body());
    assertEquals(existing, s.get(existing.id()).await(), "the stored check is untouched");
  }

  @Test
  void aMergedStateIsWrittenAsItIsAndKeepsItsNumber() throws Exception {
    CheckStore s = store();
    Check fromCloud = burger(fresh(EVENING)).withNumber(5001);
    Instant changed = Instant.parse("2026-11-26T21:59:00Z");
    Check stored = s.commit(CheckStore.Write.merged(new CheckMerge.State(fromCloud, changed), 0, List.of())).await();
    assertEquals(5001, stored.number(), "a check from the other side is not numbered again");
    assertEquals(fromCloud.toJson(), s.get(fromCloud.id()).await().toJson());
    Check next = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    assertEquals(1, next.number(), "this side's own numbering goes on from its first number");
  }

  @Test
  void anAuditEntryIsKeptOnceWithItsWriteAndReadInOrder() throws Exception {
    CheckStore s = store();
    Check open = s.commit(new Write(fresh(EVENING), 0, null, false)).await();
    Check lost = burger(open);
    Check won = burger(burger(open)).withRevision(open.revision() + 5);
    AuditEntry first = new AuditEntry(UUID.randomUUID().toString(), open.id(), EVENING, AuditEntry.CLOUD,
        won.revision(), lost, EVENING.minusSeconds(30));
    s.commit(CheckStore.Write.merged(new CheckMerge.State(won, EVENING), open.revision(), List.of(first))).await();
    Check later = won.withRevision(won.revision() + 1);
    AuditEntry second = new AuditEntry(UUID.randomUUID().toString(), open.id(), EVENING.plusSeconds(60),
        AuditEntry.HOST, later.revision(), won, EVENING);
    // the first entry comes again (an answer given twice): kept once
    s.commit(CheckStore.Write.merged(new CheckMerge.State(later, EVENING.plusSeconds(1)), won.revision(),
        List.of(first, second))).await();
    List<AuditEntry> trail = s.audit(open.id()).await();
    assertEquals(List.of(first.id(), second.id()), trail.stream().map(AuditEntry::id).toList());
    assertEquals(lost.toJson(), trail.get(0).check().toJson(), "the overwritten state, whole");
    assertEquals(AuditEntry.CLOUD, trail.get(0).side());
    assertEquals(List.of(), s.audit(fresh(EVENING).id()).await());
  }

  @Test
  void aMergedClosedCheckIsPosted() throws Exception {
    CheckStore s = store();
    Check open = s.commit(new Write(burger(fresh(EVENING)), 0, null, false)).await();
    Check closedElsewhere = rules.voidCheck(new Actor("emp", Set.of("void_check"), "ws"), open,
        new Requests.Reason("walked out"), EVENING).withRevision(open.revision() + 3);
    s.commit(CheckStore.Write.merged(new CheckMerge.State(closedElsewhere, EVENING), open.revision(), List.of()))
        .await();
    assertTrue(posted().contains(open.id()), "posted with the merged state");
  }
}
