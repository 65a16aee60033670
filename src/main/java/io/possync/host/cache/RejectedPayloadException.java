package io.possync.host.cache;

import io.possync.core.wire.ApplyResult;

/**
 * A payload from the cloud that must not be applied: the reason is logged and reported in the next heartbeat. The
 * outcome says what kind of refusal it is ({@link ApplyResult.Outcome#REJECTED} unless said otherwise), so that what
 * happens next is decided on a type, not on the reason's words.
 */
public class RejectedPayloadException extends RuntimeException {

  private final Integer version;
  private final ApplyResult.Outcome outcome;

  public RejectedPayloadException(Integer version, String reason) {
    this(version, ApplyResult.Outcome.REJECTED, reason);
  }

  public RejectedPayloadException(Integer version, ApplyResult.Outcome outcome, String reason) {
    super(reason, null, false, false);
    this.version = version;
    this.outcome = outcome;
  }

  /** The version the payload claimed, when it said one. */
  public Integer version() {
    return version;
  }

  public ApplyResult.Outcome outcome() {
    return outcome;
  }
}
