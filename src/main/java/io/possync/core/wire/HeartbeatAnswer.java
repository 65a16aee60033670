package io.possync.core.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The cloud's answer to a heartbeat: its current version and epoch, and what the host should do next.
 *
 * @param sync {@link #NONE}, {@link #DELTA}, {@link #FULL} or {@link #REPAIR}
 * @param reason why (null for none)
 * @param repair payload keys whose checksum differs (for {@link #REPAIR})
 */
public record HeartbeatAnswer(int currentVersion, String epoch, String sync, String reason, List<String> repair) {

  public static final String SYNC = "sync";
  public static final String REPAIR_KEYS = "repair";

  public static final String NONE = "none";
  public static final String DELTA = "delta";
  public static final String FULL = "full";
  public static final String REPAIR = "repair";

  public HeartbeatAnswer {
    repair = repair == null ? List.of() : List.copyOf(repair);
  }

  public JsonObject toJson() {
    return new JsonObject().put(Wire.CURRENT_VERSION, currentVersion).put(Wire.EPOCH, epoch).put(SYNC, sync)
        .put(Wire.REASON, reason).put(REPAIR_KEYS, new JsonArray(repair));
  }

  /** Reads an answer; throws IllegalArgumentException when it is not one (the host treats that as invalid). */
  public static HeartbeatAnswer fromJson(JsonObject json) {
    if (!(json.getValue(Wire.CURRENT_VERSION) instanceof Integer v) || !(json.getValue(SYNC) instanceof String s)
        || !List.of(NONE, DELTA, FULL, REPAIR).contains(s)) {
      throw new IllegalArgumentException("not a heartbeat answer: needs currentVersion and sync");
    }
    JsonArray keys = json.getValue(REPAIR_KEYS) instanceof JsonArray a ? a : new JsonArray();
    return new HeartbeatAnswer(v, json.getString(Wire.EPOCH), s, json.getString(Wire.REASON),
        keys.stream().map(String::valueOf).toList());
  }
}
