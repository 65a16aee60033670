package io.possync.core.error;

import io.possync.core.wire.Wire;
import io.vertx.core.json.JsonObject;

/** The host must full-sync: a delta cannot be given. {@code reason} is one of the wire's reasons. */
public final class FullSyncRequiredException extends PossyncException {

  public static final String AHEAD_OF_CLOUD = "ahead_of_cloud";
  public static final String COMPACTED = "compacted";
  public static final String VERSION_GAP = "version_gap";
  public static final String TOO_LARGE = "too_large";

  private final String reason;
  private final int currentVersion;

  /** @param epoch the cloud's epoch, sent beside the reason (null to leave it out) */
  public FullSyncRequiredException(String reason, int currentVersion, String epoch, String message) {
    super(ErrorCode.FULL_SYNC_REQUIRED, message,
        new JsonObject().put(Wire.REASON, reason).put(Wire.CURRENT_VERSION, currentVersion).put(Wire.EPOCH, epoch),
        null);
    this.reason = reason;
    this.currentVersion = currentVersion;
  }

  public String reason() {
    return reason;
  }

  public int currentVersion() {
    return currentVersion;
  }
}
