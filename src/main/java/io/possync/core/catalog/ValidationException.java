package io.possync.core.catalog;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.json.JsonObject;

/** A payload or row that does not fit the catalog. The message names the entity and the field. */
public class ValidationException extends PossyncException {

  /** The error body's field naming the offending payload field. */
  public static final String FIELD = "field";

  private final String field;

  public ValidationException(String message, String field) {
    super(ErrorCode.INVALID, message, field == null ? null : new JsonObject().put(FIELD, field), null);
    this.field = field;
  }

  /** The offending payload field (camelCase), or null when the problem is not one field's. */
  public String field() {
    return field;
  }
}
