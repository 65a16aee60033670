package io.possync.host.cache;

/** A payload from the cloud that must not be applied: the reason is logged and reported in the next heartbeat. */
public class RejectedPayloadException extends RuntimeException {

  private final Integer version;

  public RejectedPayloadException(Integer version, String reason) {
    super(reason, null, false, false);
    this.version = version;
  }

  /** The version the payload claimed, when it said one. */
  public Integer version() {
    return version;
  }
}
