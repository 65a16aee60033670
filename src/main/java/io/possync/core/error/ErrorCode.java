package io.possync.core.error;

/**
 * Every error code a client of possync can see, in one list (the {@code "error"} field of
 * {@code {"error": "<code>", "message": "..."}}). Domain and store code fail with a {@link PossyncException} carrying
 * one of these; {@code core.http.HttpErrors} is the one place that turns a code into an HTTP status.
 */
public enum ErrorCode {
  /** A field, parameter or header does not fit: the body names it in {@code field} when it is one field's. */
  INVALID("invalid"),
  /** The body is not the JSON expected. */
  BAD_JSON("bad_json"),
  /** No bearer token, or one that is unknown, deactivated or rotated away. */
  UNAUTHORIZED("unauthorized"),
  /** The token is good but reaches for another property or host. */
  FORBIDDEN("forbidden"),
  /** The admin API is off (no admin token configured). */
  ADMIN_DISABLED("admin_disabled"),
  /** No such row, property, host or endpoint. */
  NOT_FOUND("not_found"),
  /** The write collides with what is stored (a row still referenced, a row of another property). */
  CONFLICT("conflict"),
  /** The host must full-sync: {@code reason} and {@code currentVersion} say why. */
  FULL_SYNC_REQUIRED("full_sync_required"),
  /** The body is over the endpoint's limit. */
  TOO_LARGE("too_large"),
  /** Too many requests of this kind at once: retry after {@code Retry-After} seconds. */
  BUSY("busy"),
  /** The database does not answer: retry after {@code Retry-After} seconds. */
  DATABASE_UNAVAILABLE("database_unavailable"),
  /** The host has no configuration yet (waiting for its first sync). */
  NOT_READY("not_ready"),
  /** A failure nobody foresaw; logged once on the server, never detailed to the client. */
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as the {@code "error"} field spells it. */
  public String wire() {
    return wire;
  }
}
