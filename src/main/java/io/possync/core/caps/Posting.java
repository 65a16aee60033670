package io.possync.core.caps;

import io.vertx.core.json.JsonObject;

/**
 * A closed or voided check as the cloud receives it (POS-API.md section 7): one offline transaction, identified by
 * the check's id, so a repeated upload stores it once.
 */
public final class Posting {

  public static final String TYPE = "type";
  public static final String CHECK_TYPE = "check";
  public static final String CHECK = "check";

  private Posting() {
  }

  public static JsonObject transaction(Check c) {
    return new JsonObject().put("id", c.id()).put(TYPE, CHECK_TYPE).put(CHECK, c.toJson());
  }
}
