package io.possync.core.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * A request to the host's cache writer ({@code Addresses.HOST_CACHE_APPLY}): apply a full snapshot, a delta, a repair
 * of some entity types, or record the sync status word. It travels on the local event bus as this record (no copy of
 * the payload); {@link #toJson()} gives its JSON form with the field names kept here.
 *
 * @param payload the FullSyncPayload or DeltaSyncPayload (null for {@link Kind#STATUS})
 * @param repairKeys payload keys to repair (for {@link Kind#REPAIR}, else empty)
 * @param status the sync status word (for {@link Kind#STATUS}, else null)
 */
public record ApplyRequest(Kind kind, JsonObject payload, List<String> repairKeys, String status) {

  public static final String KIND = "kind";
  public static final String PAYLOAD = "payload";
  public static final String REPAIR_KEYS = "repair";
  public static final String STATUS = "status";

  /** What to do. */
  public enum Kind {
    FULL, DELTA, REPAIR, STATUS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String wireName) {
      return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
  }

  public ApplyRequest {
    repairKeys = repairKeys == null ? List.of() : List.copyOf(repairKeys);
  }

  public static ApplyRequest full(JsonObject payload) {
    return new ApplyRequest(Kind.FULL, payload, null, null);
  }

  public static ApplyRequest delta(JsonObject payload) {
    return new ApplyRequest(Kind.DELTA, payload, null, null);
  }

  public static ApplyRequest repair(JsonObject payload, List<String> keys) {
    return new ApplyRequest(Kind.REPAIR, payload, keys, null);
  }

  public static ApplyRequest status(String word) {
    return new ApplyRequest(Kind.STATUS, null, null, word);
  }

  /** The version the payload claims (toVersion of a delta, version of a snapshot), when it says one. */
  public Integer claimedVersion() {
    if (payload == null) {
      return null;
    }
    return payload.getValue(kind == Kind.DELTA ? Wire.TO_VERSION : Wire.VERSION) instanceof Integer i ? i : null;
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put(KIND, kind.wireName());
    if (payload != null) {
      o.put(PAYLOAD, payload);
    }
    if (!repairKeys.isEmpty()) {
      o.put(REPAIR_KEYS, new JsonArray(repairKeys));
    }
    if (status != null) {
      o.put(STATUS, status);
    }
    return o;
  }

  public static ApplyRequest fromJson(JsonObject json) {
    JsonArray keys = json.getJsonArray(REPAIR_KEYS, new JsonArray());
    return new ApplyRequest(Kind.of(json.getString(KIND)), json.getJsonObject(PAYLOAD),
        keys.stream().map(String::valueOf).toList(), json.getString(STATUS));
  }
}
