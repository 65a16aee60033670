package io.possync.core.wire;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /api/service-hosts/:id/heartbeat}: what the host reports. Built by the host, read by the
 * cloud, with the field names in one place. Every field but the checksums may be null.
 *
 * @param checksums per payload key, the host's checksum of that entity type at {@code appliedVersion}
 */
public record Heartbeat(Integer appliedVersion, String epoch, Double cpuPercent, Double memoryPercent,
                        Double diskPercent, String connectionMode, Integer pendingTransactions,
                        Integer lastRejectedVersion, String lastRejectedReason, String lastError,
                        Map<String, Checksums.Sum> checksums) {

  public static final String APPLIED_VERSION = "appliedVersion";
  public static final String CPU = "cpuPercent";
  public static final String MEMORY = "memoryPercent";
  public static final String DISK = "diskPercent";
  public static final String MODE = "connectionMode";
  public static final String PENDING = "pendingTransactions";
  public static final String LAST_REJECTED_VERSION = "lastRejectedVersion";
  public static final String LAST_REJECTED_REASON = "lastRejectedReason";
  public static final String LAST_ERROR = "lastError";
  public static final String CHECKSUMS = "checksums";

  /** Connection modes a host reports. */
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  /** Longest reason or error text kept (a longer one is cut by the host, refused by the cloud). */
  public static final int MAX_TEXT = 1000;

  public Heartbeat {
    checksums = checksums == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put(APPLIED_VERSION, appliedVersion).put(Wire.EPOCH, epoch)
        .put(CPU, cpuPercent).put(MEMORY, memoryPercent).put(DISK, diskPercent)
        .put(MODE, connectionMode).put(PENDING, pendingTransactions)
        .put(LAST_REJECTED_VERSION, lastRejectedVersion).put(LAST_REJECTED_REASON, cut(lastRejectedReason))
        .put(LAST_ERROR, cut(lastError));
    if (!checksums.isEmpty()) {
      o.put(CHECKSUMS, Checksums.toJson(checksums));
    }
    return o;
  }

  private static String cut(String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
  }

  /**
   * Reads a heartbeat, refusing what does not fit with a {@link ValidationException} naming the field: wrong types,
   * values out of range, text with NUL or unpaired surrogates, and checksum keys that are no payload key of the
   * catalog. Work is linear in the body's size. Unknown top-level fields are ignored, so a newer host can talk to
   * an older cloud.
   */
  public static Heartbeat fromJson(JsonObject body, Catalog catalog) {
    Map<String, Checksums.Sum> sums = new LinkedHashMap<>();
    Object cs = body.getValue(CHECKSUMS);
    if (cs != null) {
      if (!(cs instanceof JsonObject o)) {
        throw new ValidationException("field \"" + CHECKSUMS + "\" must be an object", CHECKSUMS);
      }
      for (Map.Entry<String, Object> e : o) {
        if (catalog.byKey(e.getKey()).isEmpty()) {
          throw new ValidationException("field \"" + CHECKSUMS + "\" names \"" + clip(e.getKey())
              + "\", which is no entity type's payload key", CHECKSUMS);
        }
        if (!(e.getValue() instanceof JsonObject s)) {
          throw new ValidationException("field \"" + CHECKSUMS + "\": \"" + clip(e.getKey()) + "\" must be {\""
              + Checksums.Sum.COUNT + "\", \"" + Checksums.Sum.CHECKSUM + "\"}", CHECKSUMS);
        }
        try {
          sums.put(e.getKey(), Checksums.Sum.fromJson(s));
        } catch (RuntimeException ex) {
          throw new ValidationException("field \"" + CHECKSUMS + "\": \"" + clip(e.getKey()) + "\" must be {\""
              + Checksums.Sum.COUNT + "\": whole number, \"" + Checksums.Sum.CHECKSUM
              + "\": unsigned 64-bit number as text}", CHECKSUMS);
        }
      }
    }
    return new Heartbeat(
        optionalInt(body, APPLIED_VERSION), optionalString(body, Wire.EPOCH, 100),
        optionalPercent(body, CPU), optionalPercent(body, MEMORY), optionalPercent(body, DISK),
        optionalString(body, MODE, 40), optionalInt(body, PENDING),
        optionalInt(body, LAST_REJECTED_VERSION), optionalString(body, LAST_REJECTED_REASON, MAX_TEXT),
        optionalString(body, LAST_ERROR, MAX_TEXT), sums);
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  static Integer optionalInt(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
        || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw new ValidationException("field \"" + field + "\" must be a whole number from 0 to " + Integer.MAX_VALUE,
          field);
    }
    return ((Number) v).intValue();
  }

  static Double optionalPercent(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 100)) {
      throw new ValidationException("field \"" + field + "\" must be a number from 0 to 100", field);
    }
    return n.doubleValue();
  }

  static String optionalString(JsonObject body, String field, int maxLength) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > maxLength) {
      throw new ValidationException("field \"" + field + "\" must be a string of at most " + maxLength
          + " characters", field);
    }
    String problem = TextRules.problem(s);
    if (problem != null) {
      throw new ValidationException("field \"" + field + "\" " + problem, field);
    }
    return s;
  }
}
