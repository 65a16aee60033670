package io.possync.cloud.sync;

import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.possync.core.catalog.ValueRules;
import io.possync.core.wire.TransactionBatch;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/sync/transactions}: a host uploads transactions it took offline. Idempotent by transaction id:
 * a batch sent twice stores each transaction once; a later copy from the host replaces the content (the service
 * host is authoritative for transaction data). An id already stored for another property is refused.
 *
 * <p>A body that is not a batch (no {@code transactions} array, more than {@link TransactionBatch#MAX_BATCH}, an element
 * that is not an object) is a 400 and stores nothing. A transaction whose {@code id} is not a canonical UUID, or that
 * holds a string or key with a NUL or an unpaired surrogate or a number beyond a double ({@code 1e400}) anywhere, is
 * refused alone, in {@code rejected} with a reason naming {@code transactions[i].path}: the others of the batch are
 * stored, so one bad transaction cannot hold a host's queue back, and nothing is stored with a changed meaning.
 */
public final class TransactionIntake {

  public static final String TRANSACTIONS = TransactionBatch.TRANSACTIONS;
  public static final int MAX_BATCH = TransactionBatch.MAX_BATCH;

  private static final String SQL = """
      INSERT INTO offline_transactions AS t (id, property_id, service_host_id, payload)
      SELECT (x ->> 'id')::uuid, $1, $2, x FROM jsonb_array_elements($3::text::jsonb) x
      ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, service_host_id = EXCLUDED.service_host_id,
             updated_at = now()
       WHERE t.property_id = EXCLUDED.property_id AND t.payload IS DISTINCT FROM EXCLUDED.payload
      RETURNING id""";

  /** A batch split into the transactions to store (by lower-case id, the last copy of an id wins) and the refused. */
  record Checked(Map<String, JsonObject> byId, List<TransactionBatch.Rejected> rejected) {
  }

  /** Checks each transaction; throws {@link ValidationException} when the body is not a batch at all. */
  static Checked check(JsonObject body) {
    Object v = body.getValue(TRANSACTIONS);
    if (!(v instanceof JsonArray list)) {
      throw new ValidationException("field \"" + TRANSACTIONS + "\" must be an array", TRANSACTIONS);
    }
    if (list.size() > MAX_BATCH) {
      throw new ValidationException("at most " + MAX_BATCH + " transactions per batch", TRANSACTIONS);
    }
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    List<TransactionBatch.Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = TRANSACTIONS + "[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject tx)) {
        throw new ValidationException(where + " must be an object", where);
      }
      Object id = tx.getValue(Wire.ID);
      String problem = ValueRules.uuidProblem(id) == null ? ValueRules.jsonProblem(tx)
          : "." + Wire.ID + ": " + ValueRules.uuidProblem(id);
      if (problem != null) {
        String said = id instanceof String s && TextRules.problem(s) == null ? s : null;
        rejected.add(new TransactionBatch.Rejected(said, where + problem));
        continue;
      }
      String key = ((String) id).toLowerCase(Locale.ROOT);
      byId.put(key, tx.put(Wire.ID, key)); // the last copy of an id in one batch wins
    }
    return new Checked(byId, rejected);
  }

  public Future<JsonObject> accept(Pool pool, HostIdentity host, JsonObject body) {
    Checked checked = check(body);
    Map<String, JsonObject> byId = checked.byId();
    if (byId.isEmpty()) {
      return Future.succeededFuture(new TransactionBatch.Result(List.of(), checked.rejected()).toJson());
    }
    TransactionBatch batch = new TransactionBatch(List.copyOf(byId.values()));
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(host.propertyId(), host.serviceHostId(), batch.toJson().getJsonArray(TRANSACTIONS).encode()))
        .compose(rows -> {
          Set<String> written = new HashSet<>();
          for (Row r : rows) {
            written.add(r.getUUID(0).toString());
          }
          if (written.size() == byId.size()) {
            return Future.succeededFuture(answer(byId.keySet(), Set.of(), checked.rejected()));
          }
          // Not written: already stored unchanged (accepted), or stored for another property (refused).
          UUID[] rest = byId.keySet().stream().filter(id -> !written.contains(id)).map(UUID::fromString)
              .toArray(UUID[]::new);
          return pool.preparedQuery("SELECT id FROM offline_transactions WHERE id = ANY($1) AND property_id <> $2")
              .execute(Tuple.of(rest, host.propertyId()))
              .map(others -> {
                Set<String> refused = new HashSet<>();
                others.forEach(r -> refused.add(r.getUUID(0).toString()));
                return answer(byId.keySet(), refused, checked.rejected());
              });
        });
  }

  private static JsonObject answer(Set<String> ids, Set<String> refused, List<TransactionBatch.Rejected> invalid) {
    List<String> accepted = new ArrayList<>();
    List<TransactionBatch.Rejected> rejected = new ArrayList<>(invalid);
    for (String id : ids) {
      if (refused.contains(id)) {
        rejected.add(new TransactionBatch.Rejected(id, "belongs to another property"));
      } else {
        accepted.add(id);
      }
    }
    return new TransactionBatch.Result(accepted, rejected).toJson();
  }
}
