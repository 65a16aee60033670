package io.possync.core.caps;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A check state a merge overwrote (POS-API.md section 8), kept in the check's audit trail on the host and in the
 * cloud: {@code GET /api/pos/checks/{id}/audit}. The cloud makes the entry when it merges and gives it to the host,
 * so both keep the same entry (by its id).
 *
 * @param side where the overwritten state was made: {@link #HOST} or {@link #CLOUD}
 * @param replacedByRevision the revision of the state that stayed
 * @param changedAt when the overwritten state last changed
 */
public record AuditEntry(String id, String checkId, Instant at, String side, int replacedByRevision, Check check,
                         Instant changedAt) {

  public static final String HOST = "host";
  public static final String CLOUD = "cloud";

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("checkId", checkId).put("at", at.toString()).put("side", side)
        .put("replacedByRevision", replacedByRevision).put("changedAt", changedAt.toString())
        .put("check", check.toJson());
  }

  /** Reads an entry; throws IllegalArgumentException for one that is not (bad input from the wire). */
  public static AuditEntry fromJson(JsonObject j) {
    try {
      String side = j.getString("side");
      if (!HOST.equals(side) && !CLOUD.equals(side)) {
        throw new IllegalArgumentException("side must be host or cloud");
      }
      return new AuditEntry(java.util.Objects.requireNonNull(j.getString("id")), j.getString("checkId"),
          Instant.parse(j.getString("at")), side, j.getInteger("replacedByRevision"),
          Check.fromJson(j.getJsonObject("check")), Instant.parse(j.getString("changedAt")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an audit entry: " + e.getMessage(), e);
    }
  }
}
