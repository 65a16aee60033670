package io.possync.core.error;

import io.vertx.core.json.JsonObject;

/**
 * A failure of the domain that a client is told about: an {@link ErrorCode}, a message for people, and optional
 * fields that go into the error body beside them (for example {@code reason} and {@code currentVersion}). No
 * stack trace is filled in: these are answers, not bugs.
 */
public class PossyncException extends RuntimeException {

  private final ErrorCode code;
  private final JsonObject details;
  private final Integer retryAfterSeconds;

  public PossyncException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public PossyncException(ErrorCode code, String message, JsonObject details, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.details = details == null ? new JsonObject() : details.copy();
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra fields of the error body (a copy). */
  public JsonObject details() {
    return details.copy();
  }

  /** Seconds a client should wait before retrying, or null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static PossyncException notFound(String message) {
    return new PossyncException(ErrorCode.NOT_FOUND, message);
  }

  public static PossyncException conflict(String message) {
    return new PossyncException(ErrorCode.CONFLICT, message);
  }

  public static PossyncException unauthorized(String message) {
    return new PossyncException(ErrorCode.UNAUTHORIZED, message);
  }

  public static PossyncException forbidden(String message) {
    return new PossyncException(ErrorCode.FORBIDDEN, message);
  }

  public static PossyncException busy(String message, int retryAfterSeconds) {
    return new PossyncException(ErrorCode.BUSY, message, null, retryAfterSeconds);
  }

  public static PossyncException unavailable(String message, int retryAfterSeconds) {
    return new PossyncException(ErrorCode.DATABASE_UNAVAILABLE, message, null, retryAfterSeconds);
  }

  public static PossyncException badJson(String message) {
    return new PossyncException(ErrorCode.BAD_JSON, message);
  }

  /** A bad parameter or header that is not a body field (those are {@code ValidationException}s). */
  public static PossyncException invalid(String message) {
    return new PossyncException(ErrorCode.INVALID, message);
  }
}
