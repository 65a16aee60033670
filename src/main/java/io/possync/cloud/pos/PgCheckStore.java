package io.possync.cloud.pos;

import io.possync.core.caps.AuditEntry;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.Posting;
import io.possync.core.error.PossyncException;
import io.possync.core.kitchen.KitchenEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The checks of one property in the cloud's PostgreSQL (GREEN mode: the cloud sells while the service host is down),
 * tables of {@code V008__pos_checks.sql}.
 *
 * <p>Several cloud nodes may serve the same property at once, so the store keeps nothing in memory: every rule is
 * kept by the database. A {@link #commit} is one transaction on a connection of the pool (no group commit: the pool
 * has several connections, and a failing write fails its own transaction alone): the revision is a compare-and-set
 * in SQL ({@code UPDATE ... WHERE id = $ AND revision = $}), a new check's number is taken from
 * {@code pos_check_numbers} inside the same transaction (the row lock orders the commits of one business date, and a
 * write that fails gives its number back), the idempotency answer is inserted only when the key is free, and a posted
 * check goes into {@code offline_transactions} as a host's upload would (the {@code posted_checks} trigger posts it
 * once).
 *
 * <p>Check numbers: the host numbers each business date from 1 ({@code PosControllers.HOST_FIRST_NUMBER}); the cloud
 * from {@link #CLOUD_FIRST_NUMBER} (5001), so a check opened in GREEN mode never takes a number the host gave or
 * will give that day (a site rings far fewer than 5000 checks a day on the host), and the merge needs no renumbering.
 *
 * <p>A posted check's transaction has no service host ({@code service_host_id} NULL, allowed by V008): the cloud took
 * it. When the host later uploads the same check id (the merge), the row keeps one id, so the check is posted once.
 */
public final class PgCheckStore implements CheckStore {

  /** The first check number of each business date on the cloud (the host's are from 1). */
  public static final int CLOUD_FIRST_NUMBER = 5001;
  /** How long an idempotency key is remembered: a repeat after that is a new request (as on the host). */
  public static final Duration KEY_WINDOW = Duration.ofHours(24);

  static final String PENDING_EVENT = "pending";
  static final String DONE_EVENT = "done";

  private static final String WINDOW = "(now() - interval '" + KEY_WINDOW.toSeconds() + " seconds')";

  private static final String NEXT_NUMBER = """
      INSERT INTO pos_check_numbers AS n (property_id, business_date, last) VALUES ($1, $2, $3)
      ON CONFLICT (property_id, business_date) DO UPDATE SET last = n.last + 1 RETURNING last""";
  // host_revision: the revision the host agrees on (a merged state), else left as it was (NULL for a new check)
  private static final String INSERT_CHECK = """
      INSERT INTO pos_checks (property_id, id, business_date, number, status, revision, payload, updated_at,
                              host_revision)
      VALUES ($1, $2, $3, $4, $5, $6::int, $7::text::jsonb, coalesce($8, now()), CASE WHEN $9 THEN $6::int END)
      ON CONFLICT DO NOTHING""";
  private static final String UPDATE_CHECK = """
      UPDATE pos_checks SET status = $3, revision = $4::int, updated_at = coalesce($7, now()), payload = $5::text::jsonb,
             host_revision = CASE WHEN $8 THEN $4::int ELSE host_revision END
       WHERE property_id = $1 AND id = $2 AND revision = $6""";
  private static final String INSERT_AUDIT = """
      INSERT INTO pos_check_audit (property_id, id, check_id, at, payload) VALUES ($1, $2, $3, $4, $5::text::jsonb)
      ON CONFLICT DO NOTHING""";
  // A key past its window may still have its row until it is pruned: it is reused, not a conflict.
  private static final String KEEP = """
      INSERT INTO pos_idempotency AS i (property_id, device_id, key, request_hash, status, body)
      VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
      ON CONFLICT (property_id, device_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
             status = EXCLUDED.status, created_at = now(), body = EXCLUDED.body
       WHERE i.created_at < """ + WINDOW;
  // As TransactionIntake stores an upload; a later revision of a posted check replaces the payload (V005 reposts).
  private static final String POST = """
      INSERT INTO offline_transactions AS t (id, property_id, service_host_id, payload)
      VALUES ($1::text::uuid, $2, NULL, $3::text::jsonb)
      ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, updated_at = now()
       WHERE t.property_id = EXCLUDED.property_id AND t.payload IS DISTINCT FROM EXCLUDED.payload
      RETURNING id""";
  private static final String INSERT_EVENT = """
      INSERT INTO pos_kitchen_events (property_id, id, check_id, status, payload)
      VALUES ($1, $2, $3, $4, $5::text::jsonb)""";

  private final Pool pool;
  private final UUID propertyId;
  private final int firstNumber;

  /**
   * @param pool the cloud's pool (not closed by {@link #close})
   * @param propertyId the one property this store serves
   * @param firstNumber the first check number of each business date: {@link #CLOUD_FIRST_NUMBER} in the cloud
   */
  public PgCheckStore(Pool pool, UUID propertyId, int firstNumber) {
    this.pool = pool;
    this.propertyId = propertyId;
    this.firstNumber = firstNumber;
  }

  public UUID propertyId() {
    return propertyId;
  }

  private static Check read(Row r) {
    return Check.fromJson(new JsonObject(r.getString(0)));
  }

  @Override
  public Future<Check> get(String checkId) {
    return pool.preparedQuery("SELECT payload::text FROM pos_checks WHERE property_id = $1 AND id = $2")
        .execute(Tuple.of(propertyId, checkId))
        .map(rows -> rows.iterator().hasNext() ? read(rows.iterator().next()) : null);
  }

  @Override
  public Future<List<Check>> list(String status, LocalDate businessDate) {
    Tuple args = Tuple.of(propertyId);
    StringBuilder sql = new StringBuilder("SELECT payload::text FROM pos_checks WHERE property_id = $1");
    if (status != null) {
      args.addString(status);
      sql.append(" AND status = $").append(args.size());
    }
    if (businessDate != null) {
      args.addLocalDate(businessDate);
      sql.append(" AND business_date = $").append(args.size());
    }
    sql.append(" ORDER BY business_date, number LIMIT ").append(MAX_LIST);
    return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
      List<Check> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(read(r)));
      return out;
    });
  }

  @Override
  public Future<Kept> kept(String deviceId, String key) {
    return pool.preparedQuery("SELECT request_hash, status, body::text FROM pos_idempotency "
            + "WHERE property_id = $1 AND device_id = $2 AND key = $3 AND created_at >= " + WINDOW)
        .execute(Tuple.of(propertyId, deviceId, key))
        .map(rows -> {
          if (!rows.iterator().hasNext()) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Kept(r.getString(0), r.getInteger(1), new JsonObject(r.getString(2)));
        });
  }

  /** Forgets this property's keys older than the window (a timer calls it); how many were dropped. */
  public Future<Integer> pruneKeys() {
    return pool.preparedQuery("DELETE FROM pos_idempotency WHERE property_id = $1 AND created_at < " + WINDOW)
        .execute(Tuple.of(propertyId)).map(RowSet::rowCount);
  }

  @Override
  public Future<Check> commit(Write write) {
    return pool.withTransaction(conn -> commit(conn, write));
  }

  /** A {@link #commit} inside the caller's transaction (the merge holds the check's row while it decides). */
  Future<Check> commit(SqlConnection conn, Write write) {
    return writeCheck(conn, write)
        .compose(c -> keep(conn, write.idempotency(), c)
            .compose(v -> write.post() ? post(conn, c) : Future.succeededFuture())
            .compose(v -> kitchen(conn, write.kitchen(), c))
            .compose(v -> audit(conn, write.audit(), c))
            .compose(v -> notify(conn, c, write.merged() ? AuditEntry.HOST : AuditEntry.CLOUD))
            .map(c));
  }

  /**
   * Every node hears of a committed check once this commits ({@code PushHubVerticle.CHECK_CHANNEL}): its sockets,
   * and the property's host when the change was made on the cloud ({@code origin} cloud).
   */
  static Future<Void> notify(SqlConnection conn, UUID propertyId, String checkId, int revision, String origin) {
    return conn.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(
        io.possync.cloud.push.PushHubVerticle.CHECK_CHANNEL,
        propertyId + " " + checkId + " " + revision + " " + origin)).mapEmpty();
  }

  private Future<Void> notify(SqlConnection conn, Check c, String origin) {
    return notify(conn, propertyId, c.id(), c.revision(), origin);
  }

  private Future<Void> audit(SqlConnection conn, List<AuditEntry> entries, Check c) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (AuditEntry a : entries) {
      rows.add(Tuple.of(propertyId, a.id(), c.id(), a.at().atOffset(java.time.ZoneOffset.UTC), a.toJson().encode()));
    }
    return conn.preparedQuery(INSERT_AUDIT).executeBatch(rows).mapEmpty();
  }

  @Override
  public Future<List<AuditEntry>> audit(String checkId) {
    return pool.preparedQuery("SELECT payload::text FROM pos_check_audit WHERE property_id = $1 AND check_id = $2 "
            + "ORDER BY at, id").execute(Tuple.of(propertyId, checkId))
        .map(rows -> {
          List<AuditEntry> out = new ArrayList<>();
          rows.forEach(r -> out.add(AuditEntry.fromJson(new JsonObject(r.getString(0)))));
          return out;
        });
  }

  /** The check itself: a new one numbered and inserted, an existing one written if still at its revision. */
  private Future<Check> writeCheck(SqlConnection conn, Write w) {
    Check c = w.check();
    java.time.OffsetDateTime changedAt = w.changedAt() == null ? null
        : w.changedAt().atOffset(java.time.ZoneOffset.UTC);
    if (w.expectedRevision() == 0) {
      Future<Check> numbered = w.merged() ? Future.succeededFuture(c) // a check from the host keeps its number
          : conn.preparedQuery(NEXT_NUMBER).execute(Tuple.of(propertyId, c.businessDate(), firstNumber))
              .map(rows -> c.withNumber(rows.iterator().next().getInteger(0)));
      // A conflict fails no statement (a failed statement would end the caller's transaction): it says which it was.
      return numbered.compose(n -> conn.preparedQuery(INSERT_CHECK).execute(Tuple.of(propertyId, n.id(),
                  n.businessDate(), n.number(), n.status(), n.revision(), n.toJson().encode(), changedAt)
              .addBoolean(w.merged()))
          .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(n)
              : conn.preparedQuery("SELECT 1 FROM pos_checks WHERE property_id = $1 AND id = $2")
                  .execute(Tuple.of(propertyId, n.id()))
                  .compose(same -> Future.failedFuture(same.size() > 0
                      ? new StaleRevisionException(n.id(), 0) // inserted meanwhile: read it and go again
                      : new NumberTakenException(n)))));
    }
    return conn.preparedQuery(UPDATE_CHECK).execute(Tuple.of(propertyId, c.id(), c.status(), c.revision(),
            c.toJson().encode(), w.expectedRevision(), changedAt).addBoolean(w.merged()))
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(c)
            : Future.failedFuture(new StaleRevisionException(c.id(), w.expectedRevision())));
  }

  private Future<Void> keep(SqlConnection conn, Idempotency idem, Check c) {
    if (idem == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(KEEP).execute(Tuple.of(propertyId, idem.deviceId(), idem.key(), idem.requestHash(),
            idem.status(), c.toJson().encode()))
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
            // the same key on another node at the same moment: this write is not made, the caller reads the kept one
            : Future.failedFuture(new KeyTakenException(idem.deviceId(), idem.key())));
  }

  private Future<Void> post(SqlConnection conn, Check c) {
    return conn.preparedQuery(POST).execute(Tuple.of(c.id(), propertyId, Posting.transaction(c).encode()))
        .compose(rows -> {
          if (rows.rowCount() == 1) {
            return Future.succeededFuture();
          }
          // not written: already stored unchanged (fine), or a transaction of another property has this id
          return conn.preparedQuery("SELECT 1 FROM offline_transactions WHERE id = $1::text::uuid AND property_id <> $2")
              .execute(Tuple.of(c.id(), propertyId))
              .compose(other -> other.iterator().hasNext()
                  ? Future.failedFuture(PossyncException.conflict("transaction " + c.id()
                      + " belongs to another property"))
                  : Future.succeededFuture());
        });
  }

  private Future<Void> kitchen(SqlConnection conn, List<KitchenEvent> events, Check c) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(events.size());
    for (KitchenEvent e : events) {
      // a new check's number is known only now: the events carry it from here
      KitchenEvent numbered = new KitchenEvent(e.id(), e.kind(), e.checkId(), c.number(), e.rvcId(), e.orderType(),
          e.tableName(), e.employeeId(), e.at(), e.lines());
      rows.add(Tuple.of(propertyId, e.id(), c.id(), PENDING_EVENT, numbered.toJson().encode()));
    }
    return conn.preparedQuery(INSERT_EVENT).executeBatch(rows).mapEmpty();
  }

  @Override
  public Future<List<KitchenEvent>> kitchenPending(int limit) {
    return pool.preparedQuery("SELECT payload::text FROM pos_kitchen_events WHERE property_id = $1 AND status = $2 "
            + "ORDER BY seq LIMIT $3")
        .execute(Tuple.of(propertyId, PENDING_EVENT, limit))
        .map(rows -> {
          List<KitchenEvent> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(KitchenEvent.fromJson(new JsonObject(r.getString(0)))));
          return out;
        });
  }

  @Override
  public Future<Void> kitchenDone(List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE pos_kitchen_events SET status = $2 WHERE property_id = $1 AND id = ANY($3)")
        .execute(Tuple.of(propertyId, DONE_EVENT, eventIds.toArray(String[]::new))).mapEmpty();
  }

  /** Nothing to release: the pool is the cloud's. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
