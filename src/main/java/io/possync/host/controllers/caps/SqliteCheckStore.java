package io.possync.host.controllers.caps;

import io.possync.core.caps.AuditEntry;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckMerge;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.Posting;
import io.possync.core.kitchen.KitchenEvent;
import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Checks in the host's SQLite file, sealed like the rest of it: only ids, business dates, numbers, status words and
 * revisions are in clear.
 *
 * <p>Writes that arrive together are committed together (group commit): every write queued while the previous
 * transaction ran goes into the next one, one fsync for all; each write still succeeds or fails on its own (a stale
 * revision fails that write alone), and none is answered before its transaction is durable. The store works on a
 * connection and a thread of its own, so a group is one blocking task (plain JDBC), not a round trip per statement.
 *
 * <p>The host runs one store over its file and nothing else writes checks, so the store keeps what every call needs
 * in memory, written through: the open checks, and which idempotency keys were used in the last {@link #KEY_WINDOW}
 * (with their request hash; the answer itself is read from the file on a repeat). A call then costs one group
 * commit and no read.
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
        check_id TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL, payload BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS pos_check_audit (id TEXT PRIMARY KEY, check_id TEXT NOT NULL, at TEXT NOT NULL,
        payload BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS pos_check_audit_check ON pos_check_audit (check_id, at);
      CREATE TABLE IF NOT EXISTS pos_check_mirror (check_id TEXT PRIMARY KEY, agreed INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS pos_check_unmerged (check_id TEXT PRIMARY KEY) WITHOUT ROWID""";
  /**
   * Checks changed since the cloud agreed on them (pos_check_unmerged is written with every check write, and a row
   * leaves once the cloud agreed on the check's revision), so the exchange reads a few rows, not every check kept.
   * Filled at open from what the file holds, for a cache made before it existed.
   */
  static final String UNMERGED_FILL = "INSERT OR IGNORE INTO pos_check_unmerged (check_id) SELECT c.id FROM pos_checks c "
      + "LEFT JOIN pos_check_mirror m ON m.check_id = c.id WHERE m.agreed IS NULL OR m.agreed <> c.revision";

  /** Most writes in one group commit. */
  static final int MAX_GROUP = 256;
  /** How long an idempotency key is remembered: a repeat after that is a new request. */
  public static final Duration KEY_WINDOW = Duration.ofHours(24);

  static final String PENDING_EVENT = "pending";
  static final String DONE_EVENT = "done";
  /** A kitchen event that could not be decoded or routed: set aside, it never prints (and never blocks). */
  public static final String FAILED_EVENT = "failed";

  /** A used key: the request it came with and when. */
  private record Used(String requestHash, int status, Instant at) {
  }

  private record Queued(Write write, Promise<Check> done) {
  }

  private final LocalCache cache;
  private final Clock clock;
  private final int firstNumber;
  private final Connection db;
  private final WorkerExecutor worker;
  private final Map<String, Check> open = new ConcurrentHashMap<>();
  private final Map<String, Used> used = new ConcurrentHashMap<>();
  private final Deque<Queued> queue = new ArrayDeque<>();
  private boolean committing;

  private SqliteCheckStore(LocalCache cache, Clock clock, int firstNumber, Connection db, WorkerExecutor worker) {
    this.cache = cache;
    this.clock = clock;
    this.firstNumber = firstNumber;
    this.db = db;
    this.worker = worker;
  }

  /**
   * Opens the store in the cache file, making its tables when new.
   *
   * @param firstNumber the first check number of each business date (the cloud numbers from another range)
   */
  public static Future<SqliteCheckStore> open(Vertx vertx, LocalCache cache, Clock clock, int firstNumber) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("possync-checks-" + cache.file().toAbsolutePath(), 1);
    return worker.executeBlocking(() -> {
      SQLiteConfig cfg = new SQLiteConfig();
      cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
      cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL); // an answered write survives a power cut
      cfg.setBusyTimeout(10_000);
      SQLiteDataSource ds = new SQLiteDataSource(cfg);
      ds.setUrl("jdbc:sqlite:" + cache.file().toAbsolutePath());
      Connection c = ds.getConnection();
      try (Statement st = c.createStatement()) {
        for (String stmt : SCHEMA.split(";")) {
          st.execute(stmt);
        }
        st.execute(UNMERGED_FILL);
      }
      // Autocommit between groups: a read is its own short transaction, and no lock is held while idle. A group
      // is one BEGIN IMMEDIATE ... COMMIT: it takes the write lock when it begins, so it never reads a snapshot the
      // file's other connection then writes past (SQLITE_BUSY_SNAPSHOT), and waits for it (busy timeout) instead.
      c.setAutoCommit(true);
      SqliteCheckStore store = new SqliteCheckStore(cache, clock, firstNumber, c, worker);
      store.loadMemory();
      return store;
    }, true).onFailure(err -> worker.close());
  }

  private <T> Future<T> onDb(Callable<T> work) {
    try {
      return worker.executeBlocking(work, true);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Future.failedFuture(e); // closed: the caller hears it as any failure, never as a thrown exception
    }
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

  static String auditWhere(String entryId) {
    return "pos_check_audit/" + entryId;
  }

  static String kitchenWhere(String eventId) {
    return "kitchen_events/" + eventId;
  }

  private static String usedKey(String deviceId, String key) {
    return deviceId + "\n" + key;
  }

  private Check read(String id, byte[] sealed) {
    return Check.fromJson(new JsonObject(Buffer.buffer(cache.open(where(id), sealed))));
  }

  /** Reads the open checks and the keys of the last window; drops older keys from the file. On the worker. */
  private void loadMemory() throws SQLException {
    Instant cut = clock.instant().minus(KEY_WINDOW);
    try (PreparedStatement del = db.prepareStatement("DELETE FROM pos_idempotency WHERE created_at < ?")) {
      del.setString(1, cut.toString());
      del.executeUpdate();
    }
    try (Statement st = db.createStatement();
         ResultSet r = st.executeQuery("SELECT device_id, key, request_hash, status, created_at FROM pos_idempotency")) {
      while (r.next()) {
        used.put(usedKey(r.getString(1), r.getString(2)), new Used(r.getString(3), r.getInt(4),
            Instant.parse(r.getString(5))));
      }
    }
    try (PreparedStatement ps = db.prepareStatement("SELECT id, payload FROM pos_checks WHERE status = ?")) {
      ps.setString(1, Check.OPEN);
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          Check c = read(r.getString(1), r.getBytes(2));
          open.put(c.id(), c);
        }
      }
    }
  }

  /** Forgets keys older than the window, in memory and in the file (the host calls it on a timer). */
  public Future<Integer> pruneKeys() {
    Instant cut = clock.instant().minus(KEY_WINDOW);
    used.values().removeIf(u -> u.at().isBefore(cut));
    return onDb(() -> {
      try (PreparedStatement del = db.prepareStatement("DELETE FROM pos_idempotency WHERE created_at < ?")) {
        del.setString(1, cut.toString());
        return del.executeUpdate();
      }
    });
  }

  @Override
  public Future<Check> get(String checkId) {
    Check c = open.get(checkId);
    if (c != null) {
      return Future.succeededFuture(c);
    }
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT id, payload FROM pos_checks WHERE id = ?")) {
        ps.setString(1, checkId);
        try (ResultSet r = ps.executeQuery()) {
          return r.next() ? read(r.getString(1), r.getBytes(2)) : null;
        }
      }
    });
  }

  @Override
  public Future<List<Check>> list(String status, java.time.LocalDate businessDate) {
    if (Check.OPEN.equals(status)) {
      // every open check is in memory
      return Future.succeededFuture(open.values().stream()
          .filter(c -> businessDate == null || c.businessDate().equals(businessDate))
          .sorted(java.util.Comparator.comparing(Check::businessDate).thenComparingInt(Check::number))
          .limit(MAX_LIST).toList());
    }
    return onDb(() -> {
      List<String> where = new ArrayList<>();
      if (status != null) {
        where.add("status = ?");
      }
      if (businessDate != null) {
        where.add("business_date = ?");
      }
      String sql = "SELECT id, payload FROM pos_checks" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ",
          where)) + " ORDER BY business_date, number LIMIT " + MAX_LIST;
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        int i = 1;
        if (status != null) {
          ps.setString(i++, status);
        }
        if (businessDate != null) {
          ps.setString(i, businessDate.toString());
        }
        List<Check> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.add(read(r.getString(1), r.getBytes(2)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Future<Kept> kept(String deviceId, String key) {
    Used u = used.get(usedKey(deviceId, key));
    if (u == null || u.at().isBefore(clock.instant().minus(KEY_WINDOW))) {
      return Future.succeededFuture(null); // the memory knows every key of the window
    }
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT request_hash, status, body FROM pos_idempotency "
          + "WHERE device_id = ? AND key = ?")) {
        ps.setString(1, deviceId);
        ps.setString(2, key);
        try (ResultSet r = ps.executeQuery()) {
          return r.next() ? new Kept(r.getString(1), r.getInt(2), new JsonObject(Buffer.buffer(
              cache.open(keptWhere(deviceId, key), r.getBytes(3))))) : null;
        }
      }
    });
  }

  @Override
  public Future<Check> commit(Write write) {
    Promise<Check> p = Promise.promise();
    boolean start;
    synchronized (queue) {
      queue.add(new Queued(write, p));
      start = !committing;
      committing = true;
    }
    if (start) {
      drain();
    }
    return p.future();
  }

  /** Commits every queued write (up to {@link #MAX_GROUP}) in one transaction, then the next group. */
  private void drain() {
    List<Queued> group = new ArrayList<>();
    synchronized (queue) {
      while (!queue.isEmpty() && group.size() < MAX_GROUP) {
        group.add(queue.poll());
      }
      if (group.isEmpty()) {
        committing = false;
        return;
      }
    }
    String now = clock.instant().toString();
    onDb(() -> {
      List<Object> outcomes = new ArrayList<>(group.size()); // a Check, or the failure of that write alone
      exec("BEGIN IMMEDIATE");
      try {
        for (Queued q : group) {
          // each write behind a savepoint: one that fails (a stale revision, anything else) fails alone
          exec("SAVEPOINT w");
          try {
            outcomes.add(writeOne(q.write(), now));
            exec("RELEASE w");
          } catch (SQLException | RuntimeException e) {
            exec("ROLLBACK TO w");
            exec("RELEASE w");
            outcomes.add(e);
          }
        }
        exec("COMMIT");
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        try {
          exec("ROLLBACK");
        } catch (SQLException already) {
          e.addSuppressed(already); // SQLite may have rolled back by itself
        }
        throw e;
      }
    }).onComplete(ar -> {
      for (int i = 0; i < group.size(); i++) {
        Promise<Check> p = group.get(i).done();
        if (ar.failed()) {
          p.fail(ar.cause());
        } else if (ar.result().get(i) instanceof Check c) {
          remember(group.get(i).write(), c);
          p.complete(c);
        } else {
          p.fail((Throwable) ar.result().get(i));
        }
      }
      drain();
    });
  }

  private void exec(String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  /** After a commit: the open check in memory (or gone, once closed), and its key as used. */
  private void remember(Write w, Check c) {
    if (c.isOpen()) {
      open.put(c.id(), c);
    } else {
      open.remove(c.id());
    }
    Idempotency i = w.idempotency();
    if (i != null) {
      used.put(usedKey(i.deviceId(), i.key()), new Used(i.requestHash(), i.status(), clock.instant()));
    }
  }

  /** One write inside the group's transaction; on the worker. */
  private Check writeOne(Write w, String groupNow) throws SQLException {
    Check c = w.check();
    String now = w.changedAt() != null ? w.changedAt().toString() : groupNow;
    if (w.expectedRevision() == 0 && !w.merged()) {
      String date = c.businessDate().toString();
      int number;
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO pos_check_numbers (business_date, last) "
          + "VALUES (?, ?) ON CONFLICT (business_date) DO UPDATE SET last = last + 1 RETURNING last")) {
        ps.setString(1, date);
        ps.setInt(2, firstNumber);
        try (ResultSet r = ps.executeQuery()) {
          r.next();
          number = r.getInt(1);
        }
      }
      c = c.withNumber(number);
    }
    // the check's JSON once: sealed as the row, and as the answer kept for its idempotency key
    byte[] json = c.toJson().toBuffer().getBytes();
    if (w.expectedRevision() == 0) {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO pos_checks (id, business_date, number, status, "
          + "revision, updated_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, c.id());
        ps.setString(2, c.businessDate().toString());
        ps.setInt(3, c.number());
        ps.setString(4, c.status());
        ps.setInt(5, c.revision());
        ps.setString(6, now);
        ps.setBytes(7, cache.seal(where(c.id()), json));
        ps.executeUpdate();
      }
    } else {
      try (PreparedStatement ps = db.prepareStatement("UPDATE pos_checks SET status = ?, revision = ?, "
          + "updated_at = ?, payload = ? WHERE id = ? AND revision = ?")) {
        ps.setString(1, c.status());
        ps.setInt(2, c.revision());
        ps.setString(3, now);
        ps.setBytes(4, cache.seal(where(c.id()), json));
        ps.setString(5, c.id());
        ps.setInt(6, w.expectedRevision());
        if (ps.executeUpdate() != 1) {
          throw new StaleRevisionException(c.id(), w.expectedRevision());
        }
      }
    }
    Idempotency idem = w.idempotency();
    if (idem != null) {
      // A key past its window may still have its row until the hourly prune: it is reused, not a conflict.
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO pos_idempotency (device_id, key, request_hash, "
          + "status, created_at, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, key) DO UPDATE SET "
          + "request_hash = excluded.request_hash, status = excluded.status, created_at = excluded.created_at, "
          + "body = excluded.body WHERE pos_idempotency.created_at < ?")) {
        ps.setString(1, idem.deviceId());
        ps.setString(2, idem.key());
        ps.setString(3, idem.requestHash());
        ps.setInt(4, idem.status());
        ps.setString(5, now);
        ps.setBytes(6, cache.seal(keptWhere(idem.deviceId(), idem.key()), json));
        ps.setString(7, clock.instant().minus(KEY_WINDOW).toString());
        if (ps.executeUpdate() != 1) {
          throw new KeyTakenException(idem.deviceId(), idem.key());
        }
      }
    }
    if (w.post()) {
      // the offline transaction queue the sync manager uploads, in the same transaction as the close
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO txn_queue (id, created_at, status, payload) "
          + "VALUES (?, ?, 'pending', ?) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, "
          + "status = 'pending'")) {
        ps.setString(1, c.id());
        ps.setString(2, now);
        ps.setBytes(3, cache.seal(queueWhere(c.id()), Posting.transaction(c).toBuffer().getBytes()));
        ps.executeUpdate();
      }
    }
    if (mirrored) {
      try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO pos_check_unmerged (check_id) "
          + "VALUES (?)")) {
        ps.setString(1, c.id()); // the cloud hears of it at the next exchange
        ps.executeUpdate();
      }
    }
    insertAudit(w.audit());
    if (!w.kitchen().isEmpty()) {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO kitchen_events (id, check_id, created_at, status, "
          + "payload) VALUES (?, ?, ?, ?, ?)")) {
        for (KitchenEvent e : w.kitchen()) {
          // a new check's number is known only now: the events carry it from here
          KitchenEvent numbered = new KitchenEvent(e.id(), e.kind(), e.checkId(), c.number(), e.rvcId(),
              e.orderType(), e.tableName(), e.employeeId(), e.at(), e.lines());
          ps.setString(1, e.id());
          ps.setString(2, c.id());
          ps.setString(3, now);
          ps.setString(4, PENDING_EVENT);
          ps.setBytes(5, cache.seal(kitchenWhere(e.id()), numbered.toJson().toBuffer().getBytes()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    return c;
  }

  @Override
  public Future<List<AuditEntry>> audit(String checkId) {
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT id, payload FROM pos_check_audit WHERE check_id = ? "
          + "ORDER BY at, id")) {
        ps.setString(1, checkId);
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.add(AuditEntry.fromJson(new JsonObject(Buffer.buffer(cache.open(auditWhere(r.getString(1)),
                r.getBytes(2))))));
          }
        }
        return out;
      }
    });
  }

  /** A check whose state the cloud has not agreed to yet, and the revision both last agreed on (0: never). */
  public record Unmirrored(CheckMerge.State state, int agreed) {
  }

  /** Checks changed since the cloud last agreed on them, least recently changed first (at most {@code limit}). */
  public Future<List<Unmirrored>> unmirrored(int limit) {
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT c.id, c.payload, c.updated_at, m.agreed "
          + "FROM pos_check_unmerged u JOIN pos_checks c ON c.id = u.check_id "
          + "LEFT JOIN pos_check_mirror m ON m.check_id = c.id ORDER BY c.updated_at LIMIT ?")) {
        ps.setInt(1, limit);
        List<Unmirrored> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.add(new Unmirrored(new CheckMerge.State(read(r.getString(1), r.getBytes(2)),
                Instant.parse(r.getString(3))), r.getInt(4)));
          }
        }
        return out;
      }
    });
  }

  private volatile boolean mirrored = true;

  /**
   * Whether writes note their check for the cloud (GREEN mode, the default). Off, nothing is noted; turned on again
   * at a later start, the store notes at open every check the cloud has not agreed to.
   */
  public void mirrored(boolean on) {
    mirrored = on;
  }

  /** The revision of a check both this host and the cloud last agreed on; 0 when never. */
  public Future<Integer> agreedRevision(String checkId) {
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT agreed FROM pos_check_mirror WHERE check_id = ?")) {
        ps.setString(1, checkId);
        try (ResultSet r = ps.executeQuery()) {
          return r.next() ? r.getInt(1) : 0;
        }
      }
    });
  }

  /**
   * Numbers given elsewhere at the property (a host this one replaced, by the cloud's record): the next check of
   * each of those business dates gets a number past them.
   */
  public Future<Void> numberPast(Map<String, Integer> lastByDate) {
    Map<String, Integer> higher = new java.util.HashMap<>();
    lastByDate.forEach((date, last) -> {
      if (numberedPast.getOrDefault(date, Integer.MIN_VALUE) < last) {
        higher.put(date, last); // only what this store has not been told yet: the usual answer writes nothing
      }
    });
    if (higher.isEmpty()) {
      return Future.succeededFuture();
    }
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO pos_check_numbers (business_date, last) "
          + "VALUES (?, ?) ON CONFLICT (business_date) DO UPDATE SET last = max(last, excluded.last)")) {
        for (Map.Entry<String, Integer> e : higher.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setInt(2, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      numberedPast.putAll(higher);
      return null;
    });
  }

  /** The last numbers {@link #numberPast} wrote, by business date. */
  private final Map<String, Integer> numberedPast = new ConcurrentHashMap<>();

  /** How many checks the cloud has not agreed to yet. */
  public Future<Integer> unmirroredCount() {
    return onDb(() -> {
      try (Statement st = db.createStatement();
           ResultSet r = st.executeQuery("SELECT count(*) FROM pos_check_unmerged")) {
        r.next();
        return r.getInt(1);
      }
    });
  }

  /**
   * The cloud and this host agree on these revisions of these checks.
   *
   * @param confirmed the cloud holds them as this host's (a check still at that revision has nothing left to send);
   *     false for a state this host took from the cloud, which it sends back to confirm
   */
  public Future<Void> agreed(Map<String, Integer> revisions, boolean confirmed) {
    if (revisions.isEmpty()) {
      return Future.succeededFuture();
    }
    return inTransaction(() -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO pos_check_mirror (check_id, agreed) VALUES (?, ?) "
          + "ON CONFLICT (check_id) DO UPDATE SET agreed = excluded.agreed");
           PreparedStatement done = db.prepareStatement("DELETE FROM pos_check_unmerged WHERE check_id = ? AND "
               + "EXISTS (SELECT 1 FROM pos_checks WHERE id = ? AND revision = ?)")) {
        for (Map.Entry<String, Integer> e : revisions.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setInt(2, e.getValue());
          ps.addBatch();
          done.setString(1, e.getKey());
          done.setString(2, e.getKey());
          done.setInt(3, e.getValue());
          done.addBatch();
        }
        ps.executeBatch();
        if (confirmed) {
          done.executeBatch();
        }
      }
      return null;
    });
  }

  /**
   * A check the cloud refused (its number is another check's there): it leaves what is sent, until it changes again.
   */
  public Future<Void> setAside(String checkId) {
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("DELETE FROM pos_check_unmerged WHERE check_id = ?")) {
        ps.setString(1, checkId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Audit entries the cloud made for a check whose merged state could not be written here (it changed meanwhile). */
  public Future<Void> keepAudit(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return inTransaction(() -> {
      insertAudit(entries);
      return null;
    });
  }

  /** Keeps audit entries; the same entry may come twice (a merge answered again) and is kept once. On the worker. */
  private void insertAudit(List<AuditEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO pos_check_audit (id, check_id, at, "
        + "payload) VALUES (?, ?, ?, ?)")) {
      for (AuditEntry a : entries) {
        ps.setString(1, a.id());
        ps.setString(2, a.checkId());
        ps.setString(3, a.at().toString());
        ps.setBytes(4, cache.seal(auditWhere(a.id()), a.toJson().toBuffer().getBytes()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Runs {@code work} in one BEGIN IMMEDIATE ... COMMIT on the store's connection (rolled back when it fails). */
  private <T> Future<T> inTransaction(Callable<T> work) {
    return onDb(() -> {
      exec("BEGIN IMMEDIATE");
      try {
        T result = work.call();
        exec("COMMIT");
        return result;
      } catch (Exception e) {
        exec("ROLLBACK");
        throw e;
      }
    });
  }

  /**
   * Kitchen events made elsewhere (sends in GREEN mode, on the cloud) joined to this host's outbox, so its printers
   * print them; an event already here is left as it is. Returns the ids now here.
   */
  public Future<List<String>> importKitchen(List<KitchenEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String now = clock.instant().toString();
    return inTransaction(() -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO kitchen_events (id, check_id, "
          + "created_at, status, payload) VALUES (?, ?, ?, ?, ?)")) {
        for (KitchenEvent e : events) {
          ps.setString(1, e.id());
          ps.setString(2, e.checkId());
          ps.setString(3, now);
          ps.setString(4, PENDING_EVENT);
          ps.setBytes(5, cache.seal(kitchenWhere(e.id()), e.toJson().toBuffer().getBytes()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return events.stream().map(KitchenEvent::id).toList();
    });
  }

  @Override
  public Future<List<KitchenEvent>> kitchenPending(int limit) {
    return onDb(() -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT id, payload FROM kitchen_events WHERE status = ? "
          + "ORDER BY seq LIMIT ?")) {
        ps.setString(1, PENDING_EVENT);
        ps.setInt(2, limit);
        List<KitchenEvent> out = new ArrayList<>();
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.add(KitchenEvent.fromJson(new JsonObject(Buffer.buffer(cache.open(kitchenWhere(r.getString(1)),
                r.getBytes(2))))));
          }
        }
        return out;
      }
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

  /** Sets kitchen events aside as failed inside the caller's transaction. */
  public static Future<Void> kitchenFailed(SqlConnection conn, List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE kitchen_events SET status = ? WHERE id = ?")
        .executeBatch(eventIds.stream().map(id -> Tuple.of(FAILED_EVENT, id)).toList()).mapEmpty();
  }

  /** Sets the oldest pending kitchen event aside as failed (one that cannot be decoded); its id, or null. */
  public static Future<String> failOldestKitchenEvent(LocalCache cache) {
    return cache.pool().withTransaction(conn -> conn.preparedQuery("SELECT id FROM kitchen_events WHERE status = ? "
        + "ORDER BY seq LIMIT 1").execute(Tuple.of(PENDING_EVENT)).compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.succeededFuture(null);
          }
          String id = rows.iterator().next().getString(0);
          return kitchenFailed(conn, List.of(id)).map(id);
        }));
  }

  @Override
  public Future<Void> close() {
    Future<Void> closed = onDb(() -> {
      db.close();
      return null;
    });
    return closed.eventually(() -> worker.close());
  }
}
