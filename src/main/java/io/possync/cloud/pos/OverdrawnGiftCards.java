package io.possync.cloud.pos;

import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Gift cards with a negative balance (POS-API.md section 6): offline spends at two properties can together overdraw
 * a card, and posting never refuses them, so the EMC lists such cards here. PostgreSQL builds the JSON; the answer
 * travels as its UTF-8 bytes.
 */
public final class OverdrawnGiftCards {

  public static final String GIFT_CARDS = "giftCards";
  public static final String ENTERPRISE_ID = "enterpriseId";

  private static final String SQL = "SELECT $1::uuid IS NULL OR EXISTS (SELECT 1 FROM enterprises WHERE id = $1), "
      + "convert_to((SELECT json_build_object('" + GIFT_CARDS + "', coalesce(json_agg(json_build_object("
      + "'id', id, 'last4', last4, '" + ENTERPRISE_ID + "', enterprise_id, 'propertyId', property_id, "
      + "'balanceCents', balance_cents) ORDER BY balance_cents, id), '[]')) FROM gift_cards "
      + "WHERE balance_cents < 0 AND ($1::uuid IS NULL OR enterprise_id = $1))::text, 'UTF8')";

  /** {@code {"giftCards": [...]}}: the overdrawn cards, most overdrawn first; of one enterprise when it is given. */
  public Future<Buffer> list(SqlClient client, UUID enterpriseId) {
    return client.preparedQuery(SQL).execute(Tuple.of(enterpriseId)).compose(rows -> {
      Row r = rows.iterator().next();
      if (!r.getBoolean(0)) {
        return Future.failedFuture(PossyncException.notFound("no enterprise " + enterpriseId));
      }
      return Future.succeededFuture(r.getBuffer(1));
    });
  }
}
