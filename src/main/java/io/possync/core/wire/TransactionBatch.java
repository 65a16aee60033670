package io.possync.core.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The body of {@code POST /api/sync/transactions}: transactions the host took offline, each an object with a UUID
 * {@code id}. The cloud's answer is a {@link TransactionBatch.Result}.
 */
public record TransactionBatch(List<JsonObject> transactions) {

  public static final String TRANSACTIONS = "transactions";
  /** Most transactions in one batch. */
  public static final int MAX_BATCH = 1000;

  public TransactionBatch {
    transactions = List.copyOf(transactions);
  }

  public JsonObject toJson() {
    JsonArray a = new JsonArray();
    transactions.forEach(a::add);
    return new JsonObject().put(TRANSACTIONS, a);
  }

  /** One refused transaction and why. */
  public record Rejected(String id, String reason) {
    public JsonObject toJson() {
      return new JsonObject().put(Wire.ID, id).put(Wire.REASON, reason);
    }
  }

  /** What the cloud answers: the ids stored (or already stored), and the ones refused. */
  public record Result(List<String> accepted, List<Rejected> rejected) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    public Result {
      accepted = List.copyOf(accepted);
      rejected = List.copyOf(rejected);
    }

    public JsonObject toJson() {
      JsonArray r = new JsonArray();
      rejected.forEach(x -> r.add(x.toJson()));
      return new JsonObject().put(ACCEPTED, new JsonArray(accepted)).put(REJECTED, r);
    }

    /** Throws IllegalArgumentException when the JSON is not such an answer. */
    public static Result fromJson(JsonObject json) {
      if (!(json.getValue(ACCEPTED) instanceof JsonArray a)) {
        throw new IllegalArgumentException("not a transaction answer: needs accepted");
      }
      JsonArray r = json.getValue(REJECTED) instanceof JsonArray x ? x : new JsonArray();
      return new Result(a.stream().map(String::valueOf).toList(), r.stream()
          .map(o -> (JsonObject) o).map(o -> new Rejected(o.getString(Wire.ID), o.getString(Wire.REASON))).toList());
    }
  }
}
