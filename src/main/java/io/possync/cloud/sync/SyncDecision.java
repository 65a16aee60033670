package io.possync.cloud.sync;

import io.possync.core.error.FullSyncRequiredException;

/**
 * What a heartbeat answers a host (the seed's "Sync Cadence" table): nothing, a delta, or a full sync, and why.
 *
 * @param sync "none", "delta" or "full"
 */
public record SyncDecision(String sync, String reason) {

  public static final String NONE = "none";
  public static final String DELTA = "delta";
  public static final String FULL = "full";

  /**
   * @param applied the version the host has applied, null when it has no cache
   * @param rejected the last version the host rejected, or null
   */
  public static SyncDecision decide(Integer applied, String hostEpoch, Integer rejected, int current,
                                    int minDelta, String cloudEpoch, int maxGap) {
    if (applied == null || applied <= 0 || hostEpoch == null) {
      return new SyncDecision(FULL, "first_sync");
    }
    if (!hostEpoch.equals(cloudEpoch)) {
      return new SyncDecision(FULL, "epoch_changed");
    }
    if (applied > current) {
      return new SyncDecision(FULL, FullSyncRequiredException.AHEAD_OF_CLOUD);
    }
    if (applied == current) {
      return new SyncDecision(NONE, "up_to_date");
    }
    if (rejected != null && rejected == current) {
      // The host refused this very version; sending it again would loop. Wait for a newer one.
      return new SyncDecision(NONE, "rejected_version");
    }
    if (applied < minDelta) {
      return new SyncDecision(FULL, FullSyncRequiredException.COMPACTED);
    }
    if (current - applied > maxGap) {
      return new SyncDecision(FULL, FullSyncRequiredException.VERSION_GAP);
    }
    return new SyncDecision(DELTA, "behind");
  }
}
