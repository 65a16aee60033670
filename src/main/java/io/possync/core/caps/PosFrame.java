package io.possync.core.caps;

import io.vertx.core.json.JsonObject;

/**
 * A frame of {@code /ws/pos} (POS-API.md section 2), as the server sends it: a check changed, a configuration was
 * applied, or an employee's session was revoked.
 */
public record PosFrame(String type, String checkId, Integer revision, Integer version, String employeeId) {

  public static final String TYPE = "type";
  public static final String CHECK_UPDATED = "check:updated";
  public static final String CONFIG_APPLIED = "config:applied";
  public static final String SESSION_REVOKED = "session:revoked";

  public static PosFrame checkUpdated(Check c) {
    return new PosFrame(CHECK_UPDATED, c.id(), c.revision(), null, null);
  }

  public static PosFrame configApplied(int version) {
    return new PosFrame(CONFIG_APPLIED, null, null, version, null);
  }

  public static PosFrame sessionRevoked(String employeeId) {
    return new PosFrame(SESSION_REVOKED, null, null, null, employeeId);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put(TYPE, type);
    switch (type) {
      case CHECK_UPDATED -> o.put("checkId", checkId).put("revision", revision);
      case CONFIG_APPLIED -> o.put("version", version);
      default -> o.put("employeeId", employeeId);
    }
    return o;
  }
}
