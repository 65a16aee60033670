package io.possync.core.wire;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-entity-type checksums of a configuration (PowerSync's bucket checksums): the count of rows and the sum,
 * modulo 2^64, of a 64-bit hash of each row. A sum does not depend on row order, and it is computed over the state
 * (rows), not the change log, so it stays valid through compaction. Cloud and host compute it with this same code:
 * each row is hashed in a canonical form (catalog column order, numbers without trailing zeros), so the JSON a row
 * travelled in (snapshot or delta) does not matter.
 */
public final class Checksums {

  /** One entity type's checksum. */
  public record Sum(long count, long sum) {

    public static final String COUNT = "count";
    public static final String CHECKSUM = "checksum";

    public JsonObject toJson() {
      return new JsonObject().put(COUNT, count).put(CHECKSUM, Long.toUnsignedString(sum));
    }

    public static Sum fromJson(JsonObject json) {
      return new Sum(json.getLong(COUNT), Long.parseUnsignedLong(json.getString(CHECKSUM)));
    }
  }

  private Checksums() {
  }

  /** Checksums of every entity type present in a FullSyncPayload, by payload key. */
  public static Map<String, Sum> of(Catalog catalog, JsonObject payload) {
    Map<String, Sum> out = new LinkedHashMap<>();
    for (EntityType e : catalog.entities()) {
      Object v = payload.getValue(e.key());
      if (v == null) {
        continue;
      }
      Accumulator acc = new Accumulator(e);
      if (v instanceof JsonArray arr) {
        for (Object row : arr) {
          acc.add((JsonObject) row);
        }
      } else {
        acc.add((JsonObject) v);
      }
      out.put(e.key(), acc.sum());
    }
    return out;
  }

  /**
   * Payload keys whose count or checksum differs between the cloud and the host, or that only one side has: the
   * cloud's in its order, then the host's extra ones. Linear in the number of keys.
   */
  public static List<String> differing(Map<String, Sum> cloud, Map<String, Sum> host) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Sum> e : cloud.entrySet()) {
      if (!e.getValue().equals(host.get(e.getKey()))) {
        out.add(e.getKey());
      }
    }
    for (String k : host.keySet()) {
      if (!cloud.containsKey(k)) {
        out.add(k);
      }
    }
    return out;
  }

  public static JsonObject toJson(Map<String, Sum> sums) {
    JsonObject o = new JsonObject();
    sums.forEach((k, s) -> o.put(k, s.toJson()));
    return o;
  }

  /** Adds rows of one entity type one at a time. */
  public static final class Accumulator {
    private final List<Column> columns;
    private final MessageDigest sha;
    private final StringBuilder sb = new StringBuilder(256);
    private long count;
    private long sum;

    public Accumulator(EntityType type) {
      this.columns = type.publicColumns(); // once: rows come by the ten thousand
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    public void add(JsonObject row) {
      sb.setLength(0);
      for (Column c : columns) {
        sb.append(canonical(row.getValue(c.field()))).append('\u001f');
      }
      byte[] h = sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      sum += ByteBuffer.wrap(h, 0, 8).getLong();
      count++;
    }

    public Sum sum() {
      return new Sum(count, sum);
    }
  }

  static String canonical(Object v) {
    if (v == null) {
      return "\u0000";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return v.toString(); // what the general form below gives for a whole number, without its garbage
    }
    if (v instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
      return d.signum() == 0 ? "0" : d.toPlainString();
    }
    if (v instanceof JsonArray a) {
      StringBuilder sb = new StringBuilder("[");
      for (Object o : a) {
        sb.append(canonical(o)).append('\u001e');
      }
      return sb.append(']').toString();
    }
    return v.toString();
  }
}
