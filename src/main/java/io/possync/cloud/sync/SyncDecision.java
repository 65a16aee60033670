package io.possync.cloud.sync;

import io.possync.core.error.FullSyncRequiredException;
import io.possync.core.wire.HeartbeatAnswer;
import java.util.List;

/**
 * What a heartbeat answers a host (the seed's "Sync Cadence" table): nothing, a delta, a full sync or a repair of
 * some entity types, and why. Pure: the tests drive it with tables.
 *
 * @param sync {@link HeartbeatAnswer#NONE}, {@link HeartbeatAnswer#DELTA}, {@link HeartbeatAnswer#FULL} or
 *             {@link HeartbeatAnswer#REPAIR}
 * @param repair the payload keys to repair (empty unless {@code sync} is repair)
 */
public record SyncDecision(String sync, String reason, List<String> repair) {

  public static final String FIRST_SYNC = "first_sync";
  public static final String EPOCH_CHANGED = "epoch_changed";
  public static final String UP_TO_DATE = "up_to_date";
  public static final String REJECTED_VERSION = "rejected_version";
  public static final String BEHIND = "behind";
  public static final String CHECKSUM_MISMATCH = "checksum_mismatch";

  public SyncDecision {
    repair = repair == null ? List.of() : List.copyOf(repair);
  }

  private SyncDecision(String sync, String reason) {
    this(sync, reason, List.of());
  }

  /**
   * @param applied the version the host has applied, null when it has no cache
   * @param hostEpoch the epoch of the host's cache, null when it has none
   * @param rejected the last version the host rejected, or null
   */
  public static SyncDecision decide(Integer applied, String hostEpoch, Integer rejected, int current,
                                    int minDelta, String cloudEpoch, int maxGap) {
    if (applied == null || applied <= 0 || hostEpoch == null) {
      return new SyncDecision(HeartbeatAnswer.FULL, FIRST_SYNC);
    }
    if (!hostEpoch.equals(cloudEpoch)) {
      return new SyncDecision(HeartbeatAnswer.FULL, EPOCH_CHANGED);
    }
    if (applied > current) {
      return new SyncDecision(HeartbeatAnswer.FULL, FullSyncRequiredException.AHEAD_OF_CLOUD);
    }
    if (applied == current) {
      return new SyncDecision(HeartbeatAnswer.NONE, UP_TO_DATE);
    }
    if (rejected != null && rejected == current) {
      // The host refused this very version; sending it again would loop. Wait for a newer one.
      return new SyncDecision(HeartbeatAnswer.NONE, REJECTED_VERSION);
    }
    if (applied < minDelta) {
      return new SyncDecision(HeartbeatAnswer.FULL, FullSyncRequiredException.COMPACTED);
    }
    if (current - applied > maxGap) {
      return new SyncDecision(HeartbeatAnswer.FULL, FullSyncRequiredException.VERSION_GAP);
    }
    return new SyncDecision(HeartbeatAnswer.DELTA, BEHIND);
  }

  /**
   * The decision for an up-to-date host once its checksums were compared with the cloud's: nothing when none
   * differ, a repair of the differing entity types, or a full sync when more than half of the cloud's differ
   * (fetching them one by one would cost more).
   *
   * @param differing payload keys whose checksums differ (see {@code Checksums.differing})
   * @param cloudTypes how many entity types the cloud's configuration has
   */
  public static SyncDecision afterChecksums(List<String> differing, int cloudTypes) {
    if (differing.isEmpty()) {
      return new SyncDecision(HeartbeatAnswer.NONE, UP_TO_DATE);
    }
    if (differing.size() * 2 > cloudTypes) {
      return new SyncDecision(HeartbeatAnswer.FULL, CHECKSUM_MISMATCH);
    }
    return new SyncDecision(HeartbeatAnswer.REPAIR, CHECKSUM_MISMATCH, differing);
  }

  /** This decision as the heartbeat's answer. */
  public HeartbeatAnswer answer(int currentVersion, String epoch) {
    return new HeartbeatAnswer(currentVersion, epoch, sync, reason, repair);
  }
}
