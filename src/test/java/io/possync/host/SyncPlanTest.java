package io.possync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.core.wire.HeartbeatAnswer;
import io.possync.host.sync.HostStatus;
import io.possync.host.sync.SyncPlan;
import io.possync.host.sync.SyncPlan.Kind;
import io.possync.host.sync.SyncPlan.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host's pure sync decisions, table by table. */
class SyncPlanTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final Duration DAY = Duration.ofHours(24);

  static Request repair(String... keys) {
    return new Request(Kind.REPAIR, "checksum", List.of(keys));
  }

  @Test
  void whichSyncRunsFirst() {
    record Row(Instant lastSyncAt, Kind kind, String reason) {
    }
    List<Row> rows = List.of(
        new Row(null, Kind.FULL, "first_boot"),
        new Row(NOW.minus(Duration.ofHours(25)), Kind.FULL, "offline_too_long"),
        new Row(NOW.minus(Duration.ofHours(23)), Kind.DELTA, "start"),
        new Row(NOW, Kind.DELTA, "start"));
    for (Row r : rows) {
      Request got = SyncPlan.atStart(r.lastSyncAt(), NOW, DAY);
      assertEquals(r.kind() + "/" + r.reason(), got.kind() + "/" + got.reason(), "last sync at " + r.lastSyncAt());
    }
  }

  @Test
  void whatAHeartbeatAnswerAsksFor() {
    record Row(HeartbeatAnswer answer, Request want) {
    }
    List<Row> rows = List.of(
        new Row(new HeartbeatAnswer(5, "e", HeartbeatAnswer.NONE, null, null), null),
        new Row(new HeartbeatAnswer(5, "e", HeartbeatAnswer.DELTA, "behind", null), Request.delta("behind")),
        new Row(new HeartbeatAnswer(5, "e", HeartbeatAnswer.FULL, "epoch_changed", null),
            Request.full("epoch_changed")),
        new Row(new HeartbeatAnswer(5, "e", HeartbeatAnswer.REPAIR, "checksum", List.of("menuItems")),
            repair("menuItems")),
        new Row(new HeartbeatAnswer(5, "e", HeartbeatAnswer.REPAIR, "checksum", List.of()), null));
    for (Row r : rows) {
      assertEquals(r.want(), SyncPlan.fromAnswer(r.answer()), r.answer().toString());
    }
  }

  @Test
  void whatRunsNextGivenTheCacheAndWhatIsPending() {
    record Row(String name, Request pending, Request incoming, boolean hasCache, Kind runs) {
    }
    List<Row> rows = List.of(
        new Row("a delta without a cache is a full sync", null, Request.delta("push"), false, Kind.FULL),
        new Row("a repair without a cache is a full sync", null, repair("slus"), false, Kind.FULL),
        new Row("a delta with a cache", null, Request.delta("push"), true, Kind.DELTA),
        new Row("full beats a pending delta", Request.delta("push"), Request.full("sync_required"), true, Kind.FULL),
        new Row("a delta does not undo a pending full", Request.full("x"), Request.delta("push"), true, Kind.FULL),
        new Row("a delta makes a pending repair needless", repair("slus"), Request.delta("push"), true, Kind.DELTA),
        new Row("a repair waits behind a pending delta", Request.delta("push"), repair("slus"), true, Kind.DELTA),
        new Row("two repairs are one", repair("slus"), repair("menuItems"), true, Kind.REPAIR));
    List<String> wrong = new ArrayList<>();
    for (Row r : rows) {
      Request next = SyncPlan.runnable(SyncPlan.fold(r.pending(), r.incoming()), r.hasCache());
      if (next.kind() != r.runs()) {
        wrong.add(r.name() + ": " + next.kind());
      }
    }
    assertEquals(List.of(), wrong);
    assertEquals(List.of("slus", "menuItems"), SyncPlan.fold(repair("slus"), repair("menuItems", "slus")).repairKeys());
  }

  @Test
  void theHostStatusWord() {
    record Row(boolean tokenRefused, boolean syncing, boolean lastSyncFailed, String word) {
    }
    List<Row> rows = List.of(
        new Row(false, false, false, HostStatus.SYNCED),
        new Row(false, true, false, HostStatus.SYNCING),
        new Row(false, true, true, HostStatus.SYNCING),
        new Row(false, false, true, HostStatus.ERROR),
        new Row(true, false, false, HostStatus.ERROR),
        new Row(true, true, false, HostStatus.ERROR),
        new Row(true, false, true, HostStatus.ERROR));
    for (Row r : rows) {
      assertEquals(r.word(), HostStatus.word(r.tokenRefused(), r.syncing(), r.lastSyncFailed()), r.toString());
    }
  }
}
