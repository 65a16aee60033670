package io.possync.cloud.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.core.wire.HeartbeatAnswer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The heartbeat's decision, as tables: each row one behaviour, named for it. */
class SyncDecisionTest {

  static final String EPOCH = "e1";
  static final int CURRENT = 50;
  static final int MIN_DELTA = 10;
  static final int MAX_GAP = 20;

  record Case(String name, Integer applied, String epoch, Integer rejected, String sync, String reason) {
  }

  @TestFactory
  Stream<DynamicTest> whatAHeartbeatAsksFor() {
    return Stream.of(
        new Case("a host without a cache full-syncs", null, null, null, HeartbeatAnswer.FULL, SyncDecision.FIRST_SYNC),
        new Case("a host at version 0 full-syncs", 0, EPOCH, null, HeartbeatAnswer.FULL, SyncDecision.FIRST_SYNC),
        new Case("a host without an epoch full-syncs", 40, null, null, HeartbeatAnswer.FULL, SyncDecision.FIRST_SYNC),
        new Case("a host of another epoch full-syncs", CURRENT, "e0", null, HeartbeatAnswer.FULL,
            SyncDecision.EPOCH_CHANGED),
        new Case("a host ahead of the cloud full-syncs", CURRENT + 1, EPOCH, null, HeartbeatAnswer.FULL,
            "ahead_of_cloud"),
        new Case("a host at the current version does nothing", CURRENT, EPOCH, null, HeartbeatAnswer.NONE,
            SyncDecision.UP_TO_DATE),
        new Case("a host one version behind takes a delta", CURRENT - 1, EPOCH, null, HeartbeatAnswer.DELTA,
            SyncDecision.BEHIND),
        new Case("a host exactly the gap behind still takes a delta", CURRENT - MAX_GAP, EPOCH, null,
            HeartbeatAnswer.DELTA, SyncDecision.BEHIND),
        new Case("a host beyond the gap full-syncs", CURRENT - MAX_GAP - 1, EPOCH, null, HeartbeatAnswer.FULL,
            "version_gap"),
        new Case("a host below the minimum delta version full-syncs", MIN_DELTA - 1, EPOCH, null,
            HeartbeatAnswer.FULL, "compacted"),
        new Case("the version a host rejected is not offered again", CURRENT - 1, EPOCH, CURRENT,
            HeartbeatAnswer.NONE, SyncDecision.REJECTED_VERSION),
        new Case("an older rejection does not hold back a newer version", CURRENT - 1, EPOCH, CURRENT - 1,
            HeartbeatAnswer.DELTA, SyncDecision.BEHIND),
        new Case("a rejection does not stop a host of another epoch", CURRENT - 1, "e0", CURRENT,
            HeartbeatAnswer.FULL, SyncDecision.EPOCH_CHANGED)
    ).map(c -> DynamicTest.dynamicTest(c.name, () -> {
      SyncDecision d = SyncDecision.decide(c.applied, c.epoch, c.rejected, CURRENT, MIN_DELTA, EPOCH, MAX_GAP);
      assertEquals(c.sync, d.sync(), c.name);
      assertEquals(c.reason, d.reason(), c.name);
      assertEquals(List.of(), d.repair(), c.name);
    }));
  }

  record ChecksumCase(String name, List<String> differing, int cloudTypes, String sync, List<String> repair) {
  }

  @TestFactory
  Stream<DynamicTest> whatChecksumsAskFor() {
    return Stream.of(
        new ChecksumCase("equal checksums ask for nothing", List.of(), 10, HeartbeatAnswer.NONE, List.of()),
        new ChecksumCase("one differing type is repaired", List.of("menuItems"), 10, HeartbeatAnswer.REPAIR,
            List.of("menuItems")),
        new ChecksumCase("half of the types differing are repaired", List.of("a", "b", "c", "d", "e"), 10,
            HeartbeatAnswer.REPAIR, List.of("a", "b", "c", "d", "e")),
        new ChecksumCase("more than half differing is a full sync", List.of("a", "b", "c", "d", "e", "f"), 10,
            HeartbeatAnswer.FULL, List.of()),
        new ChecksumCase("a type only the host has, on a cloud without types, is a full sync", List.of("x"), 0,
            HeartbeatAnswer.FULL, List.of())
    ).map(c -> DynamicTest.dynamicTest(c.name, () -> {
      SyncDecision d = SyncDecision.afterChecksums(c.differing, c.cloudTypes);
      assertEquals(c.sync, d.sync(), c.name);
      assertEquals(c.repair, d.repair(), c.name);
      assertEquals(c.sync.equals(HeartbeatAnswer.NONE) ? SyncDecision.UP_TO_DATE : SyncDecision.CHECKSUM_MISMATCH,
          d.reason(), c.name);
    }));
  }

  @TestFactory
  Stream<DynamicTest> theDecisionBecomesTheAnswer() {
    return Stream.of(DynamicTest.dynamicTest("the answer carries the version, epoch, sync, reason and repair keys",
        () -> {
          HeartbeatAnswer a = SyncDecision.afterChecksums(List.of("tenders"), 30).answer(CURRENT, EPOCH);
          assertEquals(new HeartbeatAnswer(CURRENT, EPOCH, HeartbeatAnswer.REPAIR, SyncDecision.CHECKSUM_MISMATCH,
              List.of("tenders")), a);
          assertEquals(a, HeartbeatAnswer.fromJson(a.toJson()), "it travels as JSON unchanged");
        }));
  }
}
