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
  // Workstations and checks (POS-API.md): the codes written there, exactly.
  /** A device token that is forged, expired, of another property or of no device. */
  INVALID_TOKEN("invalid_token"),
  /** The device of the token is inactive or deleted. */
  DEVICE_REVOKED("device_revoked"),
  /** A wrong employee number, a wrong PIN or an inactive employee: one answer for all. */
  INVALID_CREDENTIALS("invalid_credentials"),
  /** Too many failed sign-ins from one device: retry after {@code Retry-After} seconds. */
  TOO_MANY_ATTEMPTS("too_many_attempts"),
  /** The session's employee or device was deactivated or deleted. */
  SESSION_REVOKED("session_revoked"),
  /** The employee's role lacks the privilege named in {@code privilege}. */
  MISSING_PRIVILEGE("missing_privilege"),
  /** Modifiers that break an item's modifier group rules; {@code modifierGroupId} names the group. */
  MODIFIER_RULE("modifier_rule"),
  /** A write to a closed or voided check. */
  CHECK_CLOSED("check_closed"),
  /** A check cannot close while {@code balanceDueCents} is above zero. */
  BALANCE_DUE("balance_due"),
  /** A check with payments cannot be voided. */
  HAS_PAYMENTS("has_payments"),
  /** {@code If-Match} names another revision than the check's. */
  REVISION_MISMATCH("revision_mismatch"),
  /** The same {@code Idempotency-Key} came with another request. */
  IDEMPOTENCY_KEY_REUSED("idempotency_key_reused"),
  /** The card processor declined the card. */
  CARD_DECLINED("card_declined"),
  /** The processor is unreachable and the payment is beyond the offline limits. */
  OFFLINE_LIMIT("offline_limit"),
  /** No active gift card has that number. */
  GIFT_CARD_NOT_FOUND("gift_card_not_found"),
  /** The gift card's balance is below the amount. */
  INSUFFICIENT_BALANCE("insufficient_balance"),
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
