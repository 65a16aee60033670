package io.possync.core.catalog;

/** A payload or row that does not fit the catalog. The message names the entity and the field. */
public class ValidationException extends RuntimeException {

  private final String field;

  public ValidationException(String message, String field) {
    super(message);
    this.field = field;
  }

  /** The offending payload field (camelCase), or null when the problem is not one field's. */
  public String field() {
    return field;
  }
}
