package io.possync.core.wire;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The cache writer's answer to an {@link ApplyRequest}: what happened, as a typed outcome the sync manager decides
 * on (never by reading the reason's words).
 *
 * @param version the applied version after the request (null when the cache is still empty)
 * @param rejectedVersion the version a refused payload claimed, when it said one
 * @param reason why a payload was refused or the write failed (null when applied)
 */
public record ApplyResult(Outcome outcome, Integer version, Integer rejectedVersion, String reason) {

  public static final String OUTCOME = "outcome";
  public static final String REJECTED_VERSION = "rejectedVersion";

  /** What happened to the request. */
  public enum Outcome {
    /** Written: the cache and the config snapshot are at {@code version}. */
    APPLIED,
    /** Nothing new (a repeated delta, a status word): nothing changed. */
    UNCHANGED,
    /** The payload is not one to apply (shape, property, order, references): kept the configuration in force. */
    REJECTED,
    /** The payload comes from another database epoch than the cache: only a full sync can follow. */
    EPOCH_CHANGED,
    /** The payload needs a cache there is not (a delta or repair before the first full sync). */
    NEEDS_FULL,
    /** Writing the cache file failed (disk): the previous state stays whole. */
    STORAGE_FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static ApplyResult applied(int version) {
    return new ApplyResult(Outcome.APPLIED, version, null, null);
  }

  public static ApplyResult unchanged(Integer version) {
    return new ApplyResult(Outcome.UNCHANGED, version, null, null);
  }

  public static ApplyResult failed(Outcome outcome, Integer version, Integer rejectedVersion, String reason) {
    return new ApplyResult(outcome, version, rejectedVersion, reason);
  }

  public boolean ok() {
    return outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED;
  }

  public JsonObject toJson() {
    return new JsonObject().put(OUTCOME, outcome.wireName()).put(Wire.VERSION, version)
        .put(REJECTED_VERSION, rejectedVersion).put(Wire.REASON, reason);
  }

  public static ApplyResult fromJson(JsonObject json) {
    return new ApplyResult(Outcome.valueOf(json.getString(OUTCOME).toUpperCase(Locale.ROOT)),
        json.getInteger(Wire.VERSION), json.getInteger(REJECTED_VERSION), json.getString(Wire.REASON));
  }
}
