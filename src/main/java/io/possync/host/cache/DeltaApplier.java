package io.possync.host.cache;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.References;
import io.possync.core.catalog.RowIndex;
import io.possync.core.catalog.RowValidator;
import io.possync.core.catalog.ValidationException;
import io.possync.core.wire.ApplyResult;
import io.possync.core.wire.Wire;
import io.possync.host.cache.ChangeFold.Change;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a DeltaSyncPayload on top of the applied snapshot, in one transaction with {@code sync_state}. The delta is
 * checked (property, epoch, version order, each row against the catalog), its changes above the applied version are
 * folded per row ({@link ChangeFold}: the last change wins), the folded result is checked for references that would
 * dangle, and exactly that result is written to the cache and published. A delta already applied is a no-op.
 */
public final class DeltaApplier {

  private final Catalog catalog;
  private final CacheRepository repo;

  public DeltaApplier(Catalog catalog, CacheRepository repo) {
    this.catalog = catalog;
    this.repo = repo;
  }

  public Future<ConfigSnapshot> apply(JsonObject delta, ConfigSnapshot current, Instant now) {
    ConfigSnapshot next;
    List<Change> changes;
    try {
      changes = ChangeFold.fold(check(delta, current));
      next = nextState(changes, current, delta.getInteger(Wire.TO_VERSION), now);
    } catch (RejectedPayloadException e) {
      return Future.failedFuture(e);
    }
    if (changes.isEmpty() && next.version() == current.version()) {
      return Future.succeededFuture(current); // nothing new: a repeat is a no-op
    }
    List<Tuple> upserts = new ArrayList<>();
    List<Tuple> deletes = new ArrayList<>();
    for (Change c : changes) {
      if (c.isDelete()) {
        deletes.add(Tuple.of(c.table(), c.id()));
      } else {
        upserts.add(repo.sealed(c.table(), c.id(), c.data()));
      }
    }
    // Folded, a row is either deleted or written, never both: the two statements do not depend on their order.
    return repo.inTransaction(conn -> repo.delete(conn, deletes)
            .compose(v -> repo.upsert(conn, upserts))
            .compose(v -> repo.writeState(conn, next, next.tables().keySet(), false)))
        .map(next);
  }

  /** The delta's changes above the applied version, in order, each checked; throws RejectedPayloadException. */
  List<Change> check(JsonObject delta, ConfigSnapshot current) {
    UUID propertyId = repo.propertyId();
    Integer to = delta.getValue(Wire.TO_VERSION) instanceof Integer i ? i : null;
    Integer from = delta.getValue(Wire.FROM_VERSION) instanceof Integer i ? i : null;
    if (to == null || from == null) {
      throw new RejectedPayloadException(to, "delta without fromVersion and toVersion");
    }
    if (!propertyId.toString().equals(delta.getString(Wire.PROPERTY_ID))) {
      throw new RejectedPayloadException(to, "delta for property " + delta.getString(Wire.PROPERTY_ID) + ", not "
          + propertyId);
    }
    if (current.epoch() != null && !current.epoch().equals(delta.getString(Wire.EPOCH))) {
      throw new RejectedPayloadException(to, ApplyResult.Outcome.EPOCH_CHANGED,
          "delta from another epoch: a full sync is needed");
    }
    if (to < from) {
      throw new RejectedPayloadException(to, "delta goes backwards (from " + from + " to " + to + ")");
    }
    if (to < current.version()) {
      throw new RejectedPayloadException(to, "delta to version " + to + " is older than the applied " + current.version());
    }
    if (from > current.version()) {
      throw new RejectedPayloadException(to, "delta starts at " + from + " but the cache is at " + current.version());
    }
    if (!(delta.getValue(Wire.CHANGES) instanceof JsonArray list)) {
      throw new RejectedPayloadException(to, "delta without a changes array");
    }
    List<Change> out = new ArrayList<>();
    int last = from;
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject c)) {
        throw new RejectedPayloadException(to, "changes[" + i + "] is not an object");
      }
      Integer v = c.getValue(Wire.VERSION) instanceof Integer x ? x : null;
      if (v == null || v < last || v > to || v <= from) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has version " + v + " out of order");
      }
      last = v;
      EntityType type = catalog.byTable(String.valueOf(c.getValue(Wire.ENTITY_TYPE))).orElse(null);
      if (type == null) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has unknown entity type "
            + c.getValue(Wire.ENTITY_TYPE));
      }
      String id = String.valueOf(c.getValue(Wire.ENTITY_ID)).toLowerCase();
      String op = String.valueOf(c.getValue(Wire.OPERATION));
      JsonObject data = null;
      if (op.equals("INSERT") || op.equals("UPDATE")) {
        if (!(c.getValue(Wire.DATA) instanceof JsonObject d)) {
          throw new RejectedPayloadException(to, "changes[" + i + "] " + op + " without data");
        }
        try {
          RowValidator.check(type, d, "changes[" + i + "] " + type.table());
        } catch (ValidationException e) {
          throw new RejectedPayloadException(to, e.getMessage());
        }
        if (!id.equals(String.valueOf(d.getValue(Wire.ID)).toLowerCase())) {
          throw new RejectedPayloadException(to, "changes[" + i + "] entityId differs from data.id");
        }
        data = d;
      } else if (!op.equals("DELETE")) {
        throw new RejectedPayloadException(to, "changes[" + i + "] has unknown operation " + op);
      }
      if (v > current.version()) {
        out.add(new Change(type.table(), id, data));
      }
    }
    return out;
  }

  /** The state after the folded changes; refuses one that would leave a reference dangling. */
  ConfigSnapshot nextState(List<Change> folded, ConfigSnapshot current, int to, Instant now) {
    Map<String, Map<String, JsonObject>> tables = new HashMap<>(current.tables());
    Set<String> copied = new HashSet<>();
    Map<String, Set<String>> deleted = new LinkedHashMap<>();
    for (Change c : folded) {
      if (copied.add(c.table())) {
        tables.put(c.table(), new HashMap<>(tables.getOrDefault(c.table(), Map.of())));
      }
      if (c.isDelete()) {
        tables.get(c.table()).remove(c.id());
        deleted.computeIfAbsent(c.table(), k -> new HashSet<>()).add(c.id());
      } else {
        tables.get(c.table()).put(c.id(), c.data());
      }
    }
    checkReferences(folded, deleted, tables, to);
    return new ConfigSnapshot(repo.propertyId(), to, current.epoch(), now, current.lastFullSyncAt(), tables);
  }

  /**
   * References judged on the state after the delta, with the one reference check of {@code core/catalog}: rows this
   * delta writes point at rows that exist, and no row points at a row it deletes.
   */
  private void checkReferences(List<Change> folded, Map<String, Set<String>> deleted,
                               Map<String, Map<String, JsonObject>> tables, int to) {
    RowIndex index = RowIndex.ofRows(tables);
    for (Change c : folded) {
      if (c.isDelete()) {
        continue;
      }
      Column col = References.dangling(catalog.table(c.table()), c.data(), index);
      if (col != null) {
        throw new RejectedPayloadException(to, c.table() + " " + c.id() + " would reference missing " + col.ref()
            + " " + c.data().getValue(col.field()));
      }
    }
    if (deleted.isEmpty()) {
      return;
    }
    for (EntityType t : catalog.entities()) {
      Map<String, JsonObject> rows = tables.get(t.table());
      if (rows == null || t.columns().stream().noneMatch(col -> deleted.containsKey(col.ref()))) {
        continue;
      }
      for (JsonObject row : rows.values()) {
        Column col = References.dangling(t, row, index);
        if (col != null) {
          throw new RejectedPayloadException(to, t.table() + " " + row.getString(Wire.ID)
              + " would still reference deleted " + col.ref() + " " + row.getValue(col.field()));
        }
      }
    }
  }
}
