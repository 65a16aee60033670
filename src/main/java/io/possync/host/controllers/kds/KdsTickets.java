package io.possync.host.controllers.kds;

import io.possync.core.kitchen.KdsTicket;
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

/** KDS tickets in the cache file, sealed; open ones survive a restart, bumped ones can be recalled. */
public final class KdsTickets implements io.possync.core.kitchen.KdsTicketStore {

  public static final String OPEN = "open";
  public static final String BUMPED = "bumped";

  static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS kds_tickets (id TEXT PRIMARY KEY, display_id TEXT NOT NULL, check_id TEXT NOT NULL,
        status TEXT NOT NULL, created_at TEXT NOT NULL, bumped_at TEXT, payload BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS kds_tickets_display ON kds_tickets (display_id, status, created_at);
      CREATE INDEX IF NOT EXISTS kds_tickets_check ON kds_tickets (check_id)""";

  private final LocalCache cache;

  private KdsTickets(LocalCache cache) {
    this.cache = cache;
  }

  public static Future<KdsTickets> open(LocalCache cache) {
    return cache.ensureSchema(SCHEMA).map(v -> new KdsTickets(cache));
  }

  static String where(String id) {
    return "kds_tickets/" + id;
  }

  private byte[] seal(KdsTicket t) {
    return cache.seal(where(t.id()), t.toStored().toBuffer().getBytes());
  }

  private KdsTicket read(Row r) {
    return KdsTicket.fromStored(new JsonObject(Buffer.buffer(cache.open(where(r.getString(0)),
        LocalCache.bytes(r, 1)))));
  }

  /** Adds tickets inside the caller's transaction. */
  public Future<Void> add(SqlConnection conn, List<KdsTicket> tickets, Instant now) {
    if (tickets.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    tickets.forEach(t -> rows.add(Tuple.of(t.id(), t.displayId(), t.checkId(), OPEN, now.toString(), seal(t))));
    return conn.preparedQuery("INSERT OR IGNORE INTO kds_tickets (id, display_id, check_id, status, created_at, "
        + "payload) VALUES (?, ?, ?, ?, ?, ?)").executeBatch(rows).mapEmpty();
  }

  /** Every ticket of a check (open or bumped), inside the caller's transaction. */
  public Future<List<KdsTicket>> ofCheck(SqlConnection conn, String checkId) {
    return conn.preparedQuery("SELECT id, payload FROM kds_tickets WHERE check_id = ?").execute(Tuple.of(checkId))
        .map(rows -> {
          List<KdsTicket> out = new ArrayList<>();
          rows.forEach(r -> out.add(read(r)));
          return out;
        });
  }

  /** Rewrites tickets (a voided line), inside the caller's transaction. */
  public Future<Void> update(SqlConnection conn, List<KdsTicket> tickets) {
    if (tickets.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE kds_tickets SET payload = ? WHERE id = ?")
        .executeBatch(tickets.stream().map(t -> Tuple.of(seal(t), t.id())).toList()).mapEmpty();
  }

  @Override
  public Future<List<KdsTicket>> open(String displayId) {
    return cache.pool().preparedQuery("SELECT id, payload FROM kds_tickets WHERE display_id = ? AND status = ? "
        + "ORDER BY created_at, id").execute(Tuple.of(displayId, OPEN)).map(rows -> {
          List<KdsTicket> out = new ArrayList<>();
          rows.forEach(r -> out.add(read(r)));
          return out;
        });
  }

  @Override
  public Future<Boolean> bump(String displayId, String ticketId, Instant now) {
    return cache.pool().preparedQuery("UPDATE kds_tickets SET status = ?, bumped_at = ? WHERE id = ? AND "
            + "display_id = ? AND status = ?").execute(Tuple.of(BUMPED, now.toString(), ticketId, displayId, OPEN))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<KdsTicket> recall(String displayId) {
    return cache.pool().withTransaction(conn -> conn.preparedQuery("SELECT id, payload FROM kds_tickets WHERE "
            + "display_id = ? AND status = ? ORDER BY bumped_at DESC, id DESC LIMIT 1")
        .execute(Tuple.of(displayId, BUMPED)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          KdsTicket t = read(rows.iterator().next());
          return conn.preparedQuery("UPDATE kds_tickets SET status = ?, bumped_at = NULL WHERE id = ?")
              .execute(Tuple.of(OPEN, t.id())).map(t);
        }));
  }
}
