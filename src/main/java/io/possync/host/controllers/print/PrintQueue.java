package io.possync.host.controllers.print;

import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable print queue in the cache file: a job stays {@code queued} until a printer confirmed it, across
 * restarts; its content is sealed like the rest of the file.
 */
public final class PrintQueue {

  public static final String QUEUED = "queued";
  public static final String PRINTED = "printed";

  static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS print_jobs (id TEXT PRIMARY KEY, printer_id TEXT NOT NULL, created_at TEXT NOT NULL,
        status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT, printed_by TEXT, printed_at TEXT,
        payload BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS print_jobs_status ON print_jobs (status, created_at)""";

  /** A job as the queue holds it. */
  public record Entry(PrintJob job, String status, int attempts, Instant nextAt, String printedBy) {
  }

  private final LocalCache cache;

  private PrintQueue(LocalCache cache) {
    this.cache = cache;
  }

  public static Future<PrintQueue> open(LocalCache cache) {
    return cache.ensureSchema(SCHEMA).map(v -> new PrintQueue(cache));
  }

  static String where(String jobId) {
    return "print_jobs/" + jobId;
  }

  /** Adds jobs inside a transaction the caller runs (with the kitchen event they come from). */
  public Future<Void> add(SqlConnection conn, List<PrintJob> jobs, Instant now) {
    if (jobs.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (PrintJob j : jobs) {
      rows.add(Tuple.of(j.id(), j.printerId(), now.toString(), QUEUED,
          cache.seal(where(j.id()), j.toJson().toBuffer().getBytes())));
    }
    return conn.preparedQuery("INSERT OR IGNORE INTO print_jobs (id, printer_id, created_at, status, payload) "
        + "VALUES (?, ?, ?, ?, ?)").executeBatch(rows).mapEmpty();
  }

  public Future<Void> add(List<PrintJob> jobs, Instant now) {
    return cache.pool().withTransaction(conn -> add(conn, jobs, now));
  }

  /** Jobs with this status (all when null), oldest first. */
  public Future<List<Entry>> list(String status) {
    String sql = "SELECT id, payload, status, attempts, next_at, printed_by FROM print_jobs"
        + (status == null ? "" : " WHERE status = ?") + " ORDER BY created_at, id";
    return cache.pool().preparedQuery(sql).execute(status == null ? Tuple.tuple() : Tuple.of(status)).map(rows -> {
      List<Entry> out = new ArrayList<>();
      for (Row r : rows) {
        PrintJob job = PrintJob.fromJson(new JsonObject(Buffer.buffer(cache.open(where(r.getString(0)),
            LocalCache.bytes(r, 1)))));
        out.add(new Entry(job, r.getString(2), r.getInteger(3),
            r.getString(4) == null ? null : Instant.parse(r.getString(4)), r.getString(5)));
      }
      return out;
    });
  }

  public Future<Void> printed(String jobId, String printerId, Instant at) {
    return cache.pool().preparedQuery("UPDATE print_jobs SET status = ?, printed_by = ?, printed_at = ?, "
        + "attempts = attempts + 1 WHERE id = ?").execute(Tuple.of(PRINTED, printerId, at.toString(), jobId)).mapEmpty();
  }

  public Future<Void> retryAt(String jobId, int attempts, Instant next) {
    return cache.pool().preparedQuery("UPDATE print_jobs SET attempts = ?, next_at = ? WHERE id = ?")
        .execute(Tuple.of(attempts, next.toString(), jobId)).mapEmpty();
  }
}
