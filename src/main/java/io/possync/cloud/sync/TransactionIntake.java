package io.possync.cloud.sync;

import io.possync.core.catalog.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/sync/transactions}: a host uploads transactions it took offline. Idempotent by transaction id:
 * a batch sent twice stores each transaction once; a later copy from the host replaces the content (the service
 * host is authoritative for transaction data). An id already stored for another property is refused.
 */
public final class TransactionIntake {

  public static final String TRANSACTIONS = "transactions";
  public static final int MAX_BATCH = 1000;

  private static final String SQL = """
      INSERT INTO offline_transactions AS t (id, property_id, service_host_id, payload)
      SELECT (x ->> 'id')::uuid, $1, $2, x FROM jsonb_array_elements($3::text::jsonb) x
      ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, service_host_id = EXCLUDED.service_host_id,
             updated_at = now()
       WHERE t.property_id = EXCLUDED.property_id AND t.payload IS DISTINCT FROM EXCLUDED.payload
      RETURNING id""";

  public Future<JsonObject> accept(Pool pool, HostIdentity host, JsonObject body) {
    Object v = body.getValue(TRANSACTIONS);
    if (!(v instanceof JsonArray list)) {
      throw new ValidationException("field \"transactions\" must be an array", TRANSACTIONS);
    }
    if (list.size() > MAX_BATCH) {
      throw new ValidationException("at most " + MAX_BATCH + " transactions per batch", TRANSACTIONS);
    }
    Map<UUID, JsonObject> byId = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject tx)) {
        throw new ValidationException("transactions[" + i + "] must be an object", TRANSACTIONS);
      }
      UUID id;
      try {
        id = UUID.fromString(String.valueOf(tx.getValue("id")));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("transactions[" + i + "]: field \"id\" must be a UUID", "id");
      }
      byId.put(id, tx.put("id", id.toString())); // the last copy of an id in one batch wins
    }
    if (byId.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("accepted", new JsonArray()).put("rejected", new JsonArray()));
    }
    JsonArray batch = new JsonArray();
    byId.values().forEach(batch::add);
    return pool.preparedQuery(SQL)
        .execute(Tuple.of(host.propertyId(), host.serviceHostId(), batch.encode()))
        .compose(rows -> {
          Set<UUID> written = new HashSet<>();
          for (Row r : rows) {
            written.add(r.getUUID(0));
          }
          if (written.size() == byId.size()) {
            return Future.succeededFuture(answer(byId.keySet(), Set.of()));
          }
          // Not written: already stored unchanged (accepted), or stored for another property (refused).
          UUID[] rest = byId.keySet().stream().filter(id -> !written.contains(id)).toArray(UUID[]::new);
          return pool.preparedQuery("SELECT id FROM offline_transactions WHERE id = ANY($1) AND property_id <> $2")
              .execute(Tuple.of(rest, host.propertyId()))
              .map(others -> {
                Set<UUID> refused = new HashSet<>();
                others.forEach(r -> refused.add(r.getUUID(0)));
                Set<UUID> ok = new java.util.LinkedHashSet<>(byId.keySet());
                ok.removeAll(refused);
                return answer(ok, refused);
              });
        });
  }

  private static JsonObject answer(Set<UUID> accepted, Set<UUID> refused) {
    JsonArray a = new JsonArray();
    accepted.forEach(id -> a.add(id.toString()));
    JsonArray r = new JsonArray();
    refused.forEach(id -> r.add(new JsonObject().put("id", id.toString()).put("reason", "belongs to another property")));
    return new JsonObject().put("accepted", a).put("rejected", r);
  }
}
