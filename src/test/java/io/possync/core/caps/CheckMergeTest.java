package io.possync.core.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.caps.CheckMerge.Kind;
import io.possync.core.caps.CheckMerge.State;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The merge rule of GREEN mode, one behaviour a test, over checks made by the real check rules. */
class CheckMergeTest {

  static final Instant T = Instant.parse("2026-11-26T20:00:00Z");
  final Actor server = new Actor("emp", Set.of("void_check"), "ws");
  final CheckRules rules = new CheckRules(CheckRulesTestTables.config(CheckRulesTestTables.TABLES),
      () -> UUID.randomUUID().toString());
  /** Revision 1, as both sides agreed on it. */
  final Check agreed = rules.open(server, new Requests.OpenCheck(CheckRulesTestTables.DINING, null, 2, null),
      UUID.randomUUID().toString(), 7, T);

  Check burger(Check c) {
    return rules.addLine(c, new Requests.AddLine(CheckRulesTestTables.BURGER, 1, List.of(CheckRulesTestTables.RARE)));
  }

  Check closed(Check c) {
    return rules.voidCheck(server, c, new Requests.Reason("test"), T);
  }

  static State at(Check c, int seconds) {
    return new State(c, T.plusSeconds(seconds));
  }

  @Test
  void aCheckTheCloudLacksIsTakenFromTheHost() {
    State host = at(agreed, 0);
    CheckMerge.Outcome o = CheckMerge.merge(host, 0, null);
    assertEquals(Kind.NEW, o.kind());
    assertSame(host, o.result());
    assertNull(o.overwritten());
  }

  @Test
  void theSameStateOnBothSidesChangesNothing() {
    CheckMerge.Outcome o = CheckMerge.merge(at(agreed, 0), agreed.revision(), at(agreed, 0));
    assertEquals(Kind.SAME, o.kind());
    assertNull(o.overwritten());
  }

  @Test
  void onlyTheHostChangedItSoTheCloudTakesTheHostsWithoutAnAudit() {
    State host = at(burger(agreed), 10);
    CheckMerge.Outcome o = CheckMerge.merge(host, agreed.revision(), at(agreed, 0));
    assertEquals(Kind.HOST_CONTINUED, o.kind());
    assertSame(host, o.result());
    assertNull(o.overwritten());
  }

  @Test
  void onlyTheCloudChangedItSoTheHostTakesTheCloudsWithoutAnAudit() {
    State cloud = at(burger(burger(agreed)), 10);
    CheckMerge.Outcome o = CheckMerge.merge(at(agreed, 0), agreed.revision(), cloud);
    assertEquals(Kind.CLOUD_CONTINUED, o.kind());
    assertSame(cloud, o.result());
  }

  @Test
  void inASplitTheMostRecentChangeWinsAndTheOtherIsOverwritten() {
    State host = at(burger(agreed), 30);
    State cloud = at(burger(burger(agreed)), 20);
    CheckMerge.Outcome o = CheckMerge.merge(host, agreed.revision(), cloud);
    assertEquals(Kind.SPLIT, o.kind());
    assertEquals(host.check().lines(), o.result().check().lines());
    assertSame(cloud, o.overwritten());
  }

  @Test
  void theMergedStateIsARevisionPastBothSides() {
    State host = at(burger(agreed), 30); // revision 2
    State cloud = at(burger(burger(burger(agreed))), 20); // revision 4
    CheckMerge.Outcome o = CheckMerge.merge(host, agreed.revision(), cloud);
    assertEquals(5, o.result().check().revision());
  }

  @Test
  void aClosedCheckStaysClosedEvenAgainstALaterChange() {
    State cloud = at(closed(burger(agreed)), 10);
    State host = at(burger(burger(agreed)), 50);
    CheckMerge.Outcome o = CheckMerge.merge(host, agreed.revision(), cloud);
    assertEquals(Check.VOIDED, o.result().check().status());
    assertSame(host, o.overwritten());
  }

  @Test
  void aTieInTimeGoesToTheHigherRevisionThenToTheHost() {
    State host = at(burger(agreed), 10);
    State cloud = at(burger(burger(agreed)), 10);
    assertSame(host, CheckMerge.merge(host, agreed.revision(), cloud).overwritten(), "higher revision wins");
    State cloudSame = at(burger(agreed), 10);
    assertTrue(CheckMerge.hostWins(host, cloudSame), "same revision and time: the host's");
  }

  @Test
  void bothSidesDecideTheSameWhicheverAsks() {
    State a = at(burger(agreed), 30);
    State b = at(burger(burger(agreed)), 20);
    // the rule names a winner by content, not by who asks: swapping sides swaps the loser's side only
    assertEquals(CheckMerge.merge(a, 1, b).result().check().lines(), CheckMerge.merge(b, 1, a).result().check().lines());
  }

  @Test
  void theSameContentAtAnotherRevisionIsAContinuationNotASplit() {
    Check rung = burger(agreed);
    Check merged = rung.withRevision(9); // a merge's winner, answered to a host that lost the answer
    State host = at(rung, 30);
    CheckMerge.Outcome o = CheckMerge.merge(host, agreed.revision(), at(merged, 30));
    assertEquals(Kind.CLOUD_CONTINUED, o.kind());
    assertNull(o.overwritten());
  }

  @Test
  void anAuditEntrysIdDependsOnlyOnTheStateItKeeps() {
    State lost = at(burger(agreed), 10);
    assertEquals(CheckMerge.auditId(AuditEntry.CLOUD, lost), CheckMerge.auditId(AuditEntry.CLOUD, at(lost.check(), 10)));
    assertTrue(!CheckMerge.auditId(AuditEntry.CLOUD, lost).equals(CheckMerge.auditId(AuditEntry.HOST, lost)));
  }
}
