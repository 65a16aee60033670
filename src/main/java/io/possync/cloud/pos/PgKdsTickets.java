package io.possync.cloud.pos;

import io.possync.core.kitchen.KdsTicket;
import io.possync.core.kitchen.KdsTicketStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The KDS tickets of one property in the cloud's PostgreSQL ({@code V011__cloud_kds.sql}). */
public final class PgKdsTickets implements KdsTicketStore {

  static final String OPEN = "open";
  static final String BUMPED = "bumped";

  private final Pool pool;
  private final UUID propertyId;

  public PgKdsTickets(Pool pool, UUID propertyId) {
    this.pool = pool;
    this.propertyId = propertyId;
  }

  private static List<KdsTicket> read(RowSet<Row> rows) {
    List<KdsTicket> out = new ArrayList<>();
    rows.forEach(r -> out.add(KdsTicket.fromStored(new JsonObject(r.getString(0)))));
    return out;
  }

  /** Adds tickets inside the caller's transaction. */
  Future<Void> add(SqlConnection conn, List<KdsTicket> tickets) {
    if (tickets.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    tickets.forEach(t -> rows.add(Tuple.of(propertyId, t.id(), t.displayId(), t.checkId(), OPEN,
        t.toStored().encode())));
    return conn.preparedQuery("INSERT INTO pos_kds_tickets (property_id, id, display_id, check_id, status, payload) "
        + "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb) ON CONFLICT DO NOTHING").executeBatch(rows).mapEmpty();
  }

  /** Every ticket of a check, inside the caller's transaction (rows locked: a void rewrites them). */
  Future<List<KdsTicket>> ofCheck(SqlConnection conn, String checkId) {
    return conn.preparedQuery("SELECT payload::text FROM pos_kds_tickets WHERE property_id = $1 AND check_id = $2 "
        + "FOR UPDATE").execute(Tuple.of(propertyId, checkId)).map(PgKdsTickets::read);
  }

  /** Rewrites tickets (a voided line), inside the caller's transaction. */
  Future<Void> update(SqlConnection conn, List<KdsTicket> tickets) {
    if (tickets.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE pos_kds_tickets SET payload = $3::text::jsonb WHERE property_id = $1 AND id = $2")
        .executeBatch(tickets.stream().map(t -> Tuple.of(propertyId, t.id(), t.toStored().encode())).toList())
        .mapEmpty();
  }

  @Override
  public Future<List<KdsTicket>> open(String displayId) {
    return pool.preparedQuery("SELECT payload::text FROM pos_kds_tickets WHERE property_id = $1 AND display_id = $2 "
            + "AND status = $3 ORDER BY created_at, id").execute(Tuple.of(propertyId, displayId, OPEN))
        .map(PgKdsTickets::read);
  }

  @Override
  public Future<Boolean> bump(String displayId, String ticketId, Instant now) {
    return pool.preparedQuery("UPDATE pos_kds_tickets SET status = $4, bumped_at = $5 WHERE property_id = $1 "
            + "AND id = $2 AND display_id = $3 AND status = $6")
        .execute(Tuple.of(propertyId, ticketId, displayId, BUMPED, now.atOffset(ZoneOffset.UTC), OPEN))
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<KdsTicket> recall(String displayId) {
    // the row is locked while it comes back, so two screens recalling at once bring back two tickets, not one twice
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT payload::text, id FROM pos_kds_tickets "
            + "WHERE property_id = $1 AND display_id = $2 AND status = $3 ORDER BY bumped_at DESC, id DESC LIMIT 1 "
            + "FOR UPDATE SKIP LOCKED").execute(Tuple.of(propertyId, displayId, BUMPED)).compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(null);
              }
              KdsTicket t = read(rows).get(0);
              return conn.preparedQuery("UPDATE pos_kds_tickets SET status = $3, bumped_at = NULL "
                  + "WHERE property_id = $1 AND id = $2").execute(Tuple.of(propertyId, t.id(), OPEN)).map(t);
            }));
  }
}
