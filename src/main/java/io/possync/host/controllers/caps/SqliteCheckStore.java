package io.possync.host.controllers.caps;

import io.possync.core.caps.Check;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.Posting;
import io.possync.core.kitchen.KitchenEvent;
import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Checks in the host's SQLite file, sealed like the rest of it: only ids, business dates, numbers, status words and
 * revisions are in clear. Writes that arrive together are committed together (group commit): one transaction, one
 * fsync, for every write queued while the previous transaction ran; each write still succeeds or fails on its own
 * (a stale revision fails that write alone), and none is answered before its transaction is durable.
 */
public final class SqliteCheckStore implements CheckStore {

  static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS pos_checks (id TEXT PRIMARY KEY, business_date TEXT NOT NULL, number INTEGER NOT NULL,
        status TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL, payload BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS pos_checks_number ON pos_checks (business_date, number);
      CREATE INDEX IF NOT EXISTS pos_checks_status ON pos_checks (status);
      CREATE TABLE IF NOT EXISTS pos_check_numbers (business_date TEXT PRIMARY KEY, last INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS pos_idempotency (device_id TEXT NOT NULL, key TEXT NOT NULL,
        request_hash TEXT NOT NULL, status INTEGER NOT NULL, created_at TEXT NOT NULL, body BLOB NOT NULL,
        PRIMARY KEY (device_id, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS kitchen_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        check_id TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, payload BLOB NOT NULL)""";

  /** Most writes in one group commit. */
  static final int MAX_GROUP = 256;

  private final LocalCache cache;
  private final Clock clock;
  private final int firstNumber;
  private final Deque<Queued> queue = new ArrayDeque<>();
  private boolean committing;

  private record Queued(Write write, Promise<Check> done) {
  }

  private SqliteCheckStore(LocalCache cache, Clock clock, int firstNumber) {
    this.cache = cache;
    this.clock = clock;
    this.firstNumber = firstNumber;
  }

  /**
   * Opens the store in the cache file, making its tables when new.
   *
   * @param firstNumber the first check number of each business date (the cloud numbers from another range)
   */
  public static Future<SqliteCheckStore> open(LocalCache cache, Clock clock, int firstNumber) {
    return cache.pool().withConnection(conn -> {
      Future<Void> f = Future.succeededFuture();
      for (String stmt : SCHEMA.split(";")) {
        f = f.compose(v -> conn.query(stmt).execute().mapEmpty());
      }
      return f;
    }).map(v -> new SqliteCheckStore(cache, clock, firstNumber));
  }

  static String where(String checkId) {
    return "pos_checks/" + checkId;
  }

  static String keptWhere(String deviceId, String key) {
    return "pos_idempotency/" + deviceId + "/" + key;
  }

  /** Where the posting queue seals a transaction (the queue's own binding). */
  static String queueWhere(String id) {
    return "txn_queue/" + id;
  }

  private Check read(Row r) {
    return Check.fromJson(new JsonObject(Buffer.buffer(cache.open(where(r.getString(0)), LocalCache.bytes(r, 1)))));
  }

  @Override
  public Future<Check> get(String checkId) {
    return cache.pool().preparedQuery("SELECT id, payload FROM pos_checks WHERE id = ?").execute(Tuple.of(checkId))
        .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
  }

  @Override
  public Future<List<Check>> list(String status) {
    String sql = "SELECT id, payload FROM pos_checks" + (status == null ? "" : " WHERE status = ?")
        + " ORDER BY business_date, number";
    return cache.pool().preparedQuery(sql).execute(status == null ? Tuple.tuple() : Tuple.of(status)).map(rows -> {
      List<Check> out = new ArrayList<>();
      rows.forEach(r -> out.add(read(r)));
      return out;
    });
  }

  @Override
  public Future<Kept> kept(String deviceId, String key) {
    return cache.pool().preparedQuery("SELECT request_hash, status, body FROM pos_idempotency WHERE device_id = ? "
            + "AND key = ?").execute(Tuple.of(deviceId, key))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Kept(r.getString(0), r.getInteger(1),
              new JsonObject(Buffer.buffer(cache.open(keptWhere(deviceId, key), LocalCache.bytes(r, 2)))));
        });
  }

  @Override
  public Future<Check> commit(Write write) {
    Promise<Check> p = Promise.promise();
    queue.add(new Queued(write, p));
    if (!committing) {
      drain();
    }
    return p.future();
  }

  /** Commits every queued write (up to {@link #MAX_GROUP}) in one transaction, then the next group. */
  private void drain() {
    if (queue.isEmpty()) {
      committing = false;
      return;
    }
    committing = true;
    List<Queued> group = new ArrayList<>();
    while (!queue.isEmpty() && group.size() < MAX_GROUP) {
      group.add(queue.poll());
    }
    List<Object> outcomes = new ArrayList<>(); // a Check, or the failure of that write alone
    String now = clock.instant().toString();
    cache.pool().withTransaction(conn -> {
      Future<Void> f = Future.succeededFuture();
      for (Queued q : group) {
        f = f.compose(v -> writeOne(conn, q.write(), now).transform(ar -> {
          outcomes.add(ar.succeeded() ? ar.result() : ar.cause());
          // a stale revision fails its write only; anything else rolls the group back
          return ar.succeeded() || ar.cause() instanceof StaleRevisionException ? Future.succeededFuture()
              : Future.failedFuture(ar.cause());
        }));
      }
      return f;
    }).onComplete(ar -> {
      for (int i = 0; i < group.size(); i++) {
        Promise<Check> p = group.get(i).done();
        if (ar.failed()) {
          p.fail(ar.cause());
        } else if (outcomes.get(i) instanceof Check c) {
          p.complete(c);
        } else {
          p.fail((Throwable) outcomes.get(i));
        }
      }
      drain();
    });
  }

  private Future<Check> writeOne(SqlConnection conn, Write w, String now) {
    Check c = w.check();
    Future<Check> stored;
    if (w.expectedRevision() == 0) {
      String date = c.businessDate().toString();
      stored = conn.preparedQuery("INSERT INTO pos_check_numbers (business_date, last) VALUES (?, ?) "
              + "ON CONFLICT (business_date) DO UPDATE SET last = last + 1 RETURNING last")
          .execute(Tuple.of(date, firstNumber))
          .compose(rows -> {
            Check numbered = c.withNumber(rows.iterator().next().getInteger(0));
            return conn.preparedQuery("INSERT INTO pos_checks (id, business_date, number, status, revision, updated_at,"
                    + " payload) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(Tuple.of(numbered.id(), date, numbered.number(), numbered.status(), numbered.revision(), now,
                    seal(numbered)))
                .map(numbered);
          });
    } else {
      stored = conn.preparedQuery("UPDATE pos_checks SET status = ?, revision = ?, updated_at = ?, payload = ? "
              + "WHERE id = ? AND revision = ?")
          .execute(Tuple.of(c.status(), c.revision(), now, seal(c), c.id(), w.expectedRevision()))
          .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(c)
              : Future.failedFuture(new StaleRevisionException(c.id(), w.expectedRevision())));
    }
    return stored.compose(s -> keep(conn, w.idempotency(), s, now))
        .compose(s -> w.post() ? post(conn, s, now) : Future.succeededFuture(s))
        .compose(s -> kitchen(conn, w.kitchen(), s, now));
  }

  private byte[] seal(Check c) {
    return cache.seal(where(c.id()), c.toJson().toBuffer().getBytes());
  }

  private Future<Check> keep(SqlConnection conn, Idempotency idem, Check c, String now) {
    if (idem == null) {
      return Future.succeededFuture(c);
    }
    byte[] body = cache.seal(keptWhere(idem.deviceId(), idem.key()), c.toJson().toBuffer().getBytes());
    return conn.preparedQuery("INSERT INTO pos_idempotency (device_id, key, request_hash, status, created_at, body) "
            + "VALUES (?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(idem.deviceId(), idem.key(), idem.requestHash(), idem.status(), now, body)).map(c);
  }

  /** Puts the check in the posting queue (the offline transaction queue the sync manager uploads). */
  private Future<Check> post(SqlConnection conn, Check c, String now) {
    JsonObject txn = Posting.transaction(c);
    byte[] sealed = cache.seal(queueWhere(c.id()), txn.toBuffer().getBytes());
    return conn.preparedQuery("INSERT INTO txn_queue (id, created_at, status, payload) VALUES (?, ?, 'pending', ?) "
            + "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, status = 'pending'")
        .execute(Tuple.of(c.id(), now, sealed)).map(c);
  }

  static String kitchenWhere(String eventId) {
    return "kitchen_events/" + eventId;
  }

  /** The kitchen events of a write; a new check's number is known only now, so events carry it from here. */
  private Future<Check> kitchen(SqlConnection conn, List<KitchenEvent> events, Check c, String now) {
    if (events.isEmpty()) {
      return Future.succeededFuture(c);
    }
    List<Tuple> rows = new ArrayList<>();
    for (KitchenEvent e : events) {
      KitchenEvent numbered = new KitchenEvent(e.id(), e.kind(), e.checkId(), c.number(), e.rvcId(), e.orderType(),
          e.tableName(), e.employeeId(), e.at(), e.lines());
      rows.add(Tuple.of(e.id(), c.id(), now, PENDING_EVENT,
          cache.seal(kitchenWhere(e.id()), numbered.toJson().toBuffer().getBytes())));
    }
    return conn.preparedQuery("INSERT INTO kitchen_events (id, check_id, created_at, status, payload) "
        + "VALUES (?, ?, ?, ?, ?)").executeBatch(rows).map(c);
  }

  static final String PENDING_EVENT = "pending";
  static final String DONE_EVENT = "done";

  @Override
  public Future<List<KitchenEvent>> kitchenPending(int limit) {
    return cache.pool().preparedQuery("SELECT id, payload FROM kitchen_events WHERE status = ? ORDER BY seq LIMIT ?")
        .execute(Tuple.of(PENDING_EVENT, limit)).map(rows -> {
          List<KitchenEvent> out = new ArrayList<>();
          rows.forEach(r -> out.add(KitchenEvent.fromJson(new JsonObject(Buffer.buffer(
              cache.open(kitchenWhere(r.getString(0)), LocalCache.bytes(r, 1)))))));
          return out;
        });
  }

  @Override
  public Future<Void> kitchenDone(List<String> eventIds) {
    return cache.pool().withTransaction(conn -> kitchenDone(conn, eventIds));
  }

  /** Marks kitchen events handled inside the caller's transaction (with the jobs and tickets made of them). */
  public static Future<Void> kitchenDone(SqlConnection conn, List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE kitchen_events SET status = ? WHERE id = ?")
        .executeBatch(eventIds.stream().map(id -> Tuple.of(DONE_EVENT, id)).toList()).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
