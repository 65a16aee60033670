package io.possync.cloud.pos;

import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The checks hosts posted (POS-API.md section 7), for a property and business date: the checks themselves, and the
 * day's sales by revenue center and by tender. PostgreSQL builds the JSON (as for the config snapshot); the answer
 * travels as its UTF-8 bytes.
 *
 * <p>Sales count closed checks only (voided ones are counted apart). A tender's {@code amountCents} is what was
 * tendered (approved and stored payments, tips apart); the change a closed check gave is charged to its last cash
 * payment, so {@code netCents = amountCents - changeCents} is what the tender kept.
 */
public final class PostedChecks {

  public static final String CHECKS = "checks";

  private static final String PROPERTY = "EXISTS (SELECT 1 FROM properties WHERE id = $1)";

  private static final String CHECKS_SQL = "SELECT " + PROPERTY + ", convert_to((SELECT json_build_object('" + CHECKS
      + "', coalesce(json_agg(payload ORDER BY number, id), '[]')) FROM posted_checks "
      + "WHERE property_id = $1 AND business_date = $2)::text, 'UTF8')";

  private static final String SALES_SQL = """
      WITH day AS (
        SELECT payload FROM posted_checks WHERE property_id = $1 AND business_date = $2
      ), closed AS (
        SELECT payload AS c FROM day WHERE payload ->> 'status' = 'closed'
      ), rvc AS (
        SELECT c ->> 'rvcId' AS rvc_id, count(*) AS checks, sum((c ->> 'guestCount')::bigint) AS guests,
               sum((c ->> 'subtotalCents')::bigint) AS subtotal, sum((c ->> 'discountTotalCents')::bigint) AS discounts,
               sum((c ->> 'serviceChargeTotalCents')::bigint) AS service_charges,
               sum((c ->> 'taxTotalCents')::bigint) AS tax, sum((c ->> 'totalCents')::bigint) AS total
          FROM closed GROUP BY 1
      ), pay AS (
        SELECT p ->> 'tenderId' AS tender_id, coalesce((p ->> 'amountCents')::bigint, 0) AS amount,
               coalesce((p ->> 'tipCents')::bigint, 0) AS tip,
               CASE WHEN p ->> 'tenderType' = 'cash' AND row_number() OVER (PARTITION BY c ->> 'id',
                      p ->> 'tenderType' = 'cash' ORDER BY ord DESC) = 1
                    THEN coalesce((c ->> 'changeDueCents')::bigint, 0) ELSE 0 END AS change
          FROM closed, jsonb_array_elements(c -> 'payments') WITH ORDINALITY AS x(p, ord)
         WHERE p ->> 'status' IN ('approved', 'stored')
      ), tender AS (
        SELECT tender_id, count(*) AS payments, sum(amount) AS amount, sum(change) AS change, sum(tip) AS tip
          FROM pay GROUP BY 1
      )
      SELECT %s, convert_to(json_build_object(
        'propertyId', $1::uuid::text,
        'businessDate', to_char($2::date, 'YYYY-MM-DD'),
        'checkCount', (SELECT count(*) FROM closed),
        'voidedCheckCount', (SELECT count(*) FROM day WHERE payload ->> 'status' = 'voided'),
        'guestCount', (SELECT coalesce(sum(guests), 0) FROM rvc),
        'subtotalCents', (SELECT coalesce(sum(subtotal), 0) FROM rvc),
        'discountTotalCents', (SELECT coalesce(sum(discounts), 0) FROM rvc),
        'serviceChargeTotalCents', (SELECT coalesce(sum(service_charges), 0) FROM rvc),
        'taxTotalCents', (SELECT coalesce(sum(tax), 0) FROM rvc),
        'totalCents', (SELECT coalesce(sum(total), 0) FROM rvc),
        'tipCents', (SELECT coalesce(sum(tip), 0) FROM tender),
        'revenueCenters', (SELECT coalesce(json_agg(json_build_object('rvcId', rvc.rvc_id, 'name', r.name,
            'checkCount', rvc.checks, 'guestCount', rvc.guests, 'subtotalCents', rvc.subtotal,
            'discountTotalCents', rvc.discounts, 'serviceChargeTotalCents', rvc.service_charges,
            'taxTotalCents', rvc.tax, 'totalCents', rvc.total) ORDER BY r.name, rvc.rvc_id), '[]')
          FROM rvc LEFT JOIN rvcs r ON r.id::text = rvc.rvc_id),
        'tenders', (SELECT coalesce(json_agg(json_build_object('tenderId', tender.tender_id, 'name', t.name,
            'tenderType', t.tender_type, 'paymentCount', tender.payments, 'amountCents', tender.amount,
            'changeCents', tender.change, 'netCents', tender.amount - tender.change, 'tipCents', tender.tip)
            ORDER BY t.name, tender.tender_id), '[]')
          FROM tender LEFT JOIN tenders t ON t.id::text = tender.tender_id)
      )::text, 'UTF8')""".formatted(PROPERTY);

  /** {@code {"checks": [...]}}: the day's posted checks in number order, as posted. */
  public Future<Buffer> checks(SqlClient client, UUID propertyId, LocalDate businessDate) {
    return answer(client, CHECKS_SQL, propertyId, businessDate);
  }

  /** The day's sales: totals, by revenue center and by tender. */
  public Future<Buffer> sales(SqlClient client, UUID propertyId, LocalDate businessDate) {
    return answer(client, SALES_SQL, propertyId, businessDate);
  }

  private static Future<Buffer> answer(SqlClient client, String sql, UUID propertyId, LocalDate businessDate) {
    return client.preparedQuery(sql).execute(Tuple.of(propertyId, businessDate)).compose(rows -> {
      Row r = rows.iterator().next();
      if (!r.getBoolean(0)) {
        return Future.failedFuture(PossyncException.notFound("no property " + propertyId));
      }
      return Future.succeededFuture(r.getBuffer(1));
    });
  }
}
