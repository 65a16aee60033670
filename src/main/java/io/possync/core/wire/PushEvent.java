package io.possync.core.wire;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A frame of the push channel (/ws/service-host): {@code {"type", "propertyId", "version"}}. */
public record PushEvent(String type, UUID propertyId, int version) {

  public static final String CONFIG_UPDATED = "config:updated";
  public static final String CONFIG_URGENT = "config:urgent";
  public static final String SYNC_REQUIRED = "sync:required";
  /** A check of the property changed on the cloud (GREEN mode): exchange checks now ({@code version} 0). */
  public static final String CHECKS_CHANGED = "checks:changed";
  public static final String TYPE = "type";

  public JsonObject toJson() {
    return new JsonObject().put(TYPE, type).put(Wire.PROPERTY_ID, propertyId.toString()).put(Wire.VERSION, version);
  }

  public static PushEvent fromJson(JsonObject json) {
    return new PushEvent(json.getString(TYPE), UUID.fromString(json.getString(Wire.PROPERTY_ID)),
        json.getInteger(Wire.VERSION));
  }
}
