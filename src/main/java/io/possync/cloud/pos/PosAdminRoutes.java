package io.possync.cloud.pos;

import io.possync.core.catalog.ValidationException;
import io.possync.core.catalog.ValueRules;
import io.possync.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The POS part of the admin API (POS-API.md sections 1 and 7), mounted behind the admin token: device tokens, and
 * a property's posted checks and sales for a business date, and the overdrawn gift cards. Mounted before the generic entity routes, whose
 * {@code /:type} would otherwise take {@code checks} and {@code sales}.
 */
public final class PosAdminRoutes {

  public static final String PROPERTY_ID = "propertyId";
  public static final String BUSINESS_DATE = "businessDate";
  public static final String OVERDRAWN = "overdrawn";
  private static final java.util.regex.Pattern DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final String BASE = "/api/admin/properties/:" + PROPERTY_ID;

  private final Pool pool;
  private final Clock clock;
  private final PostedChecks posted = new PostedChecks();
  private final OverdrawnGiftCards overdrawn = new OverdrawnGiftCards();

  public PosAdminRoutes(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.post(BASE + "/device-tokens").handler(this::issue);
    router.get(BASE + "/checks").handler(ctx -> answer(ctx, () -> posted.checks(pool, property(ctx), date(ctx))));
    router.get(BASE + "/sales").handler(ctx -> answer(ctx, () -> posted.sales(pool, property(ctx), date(ctx))));
    router.get("/api/admin/gift-cards").handler(ctx -> answer(ctx, () -> overdrawn.list(pool, overdrawnOf(ctx))));
  }

  /** {@code ?overdrawn=true[&enterpriseId=]}: only overdrawn cards are listed, so the filter is required. */
  private static UUID overdrawnOf(RoutingContext ctx) {
    if (!"true".equals(ctx.request().getParam(OVERDRAWN))) {
      throw new ValidationException(OVERDRAWN + " must be true (only overdrawn cards are listed)", OVERDRAWN);
    }
    String e = ctx.request().getParam(OverdrawnGiftCards.ENTERPRISE_ID);
    return e == null ? null : ValueRules.uuid(OverdrawnGiftCards.ENTERPRISE_ID, e);
  }

  private void issue(RoutingContext ctx) {
    Future<Buffer> f;
    try {
      UUID property = property(ctx);
      UUID device = ValueRules.uuid(DeviceTokenIssuer.DEVICE_ID,
          HttpErrors.jsonBody(ctx).getValue(DeviceTokenIssuer.DEVICE_ID));
      f = new DeviceTokenIssuer(ctx.vertx(), clock).issue(pool, property, device).map(i -> i.toJson().toBuffer());
    } catch (RuntimeException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    reply(ctx, 201, f);
  }

  private static void answer(RoutingContext ctx, Supplier<Future<Buffer>> work) {
    Future<Buffer> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    reply(ctx, 200, f);
  }

  private static void reply(RoutingContext ctx, int status, Future<Buffer> f) {
    f.onSuccess(json -> ctx.response().setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json))
        .onFailure(err -> HttpErrors.fail(ctx, err));
  }

  private static UUID property(RoutingContext ctx) {
    return ValueRules.uuid(PROPERTY_ID, ctx.pathParam(PROPERTY_ID));
  }

  /** The {@code businessDate} query parameter, YYYY-MM-DD. */
  private static LocalDate date(RoutingContext ctx) {
    String v = ctx.request().getParam(BUSINESS_DATE);
    if (v == null || v.isEmpty()) {
      throw new ValidationException(BUSINESS_DATE + " is required (YYYY-MM-DD)", BUSINESS_DATE);
    }
    if (!DATE.matcher(v).matches()) {
      throw new ValidationException(BUSINESS_DATE + " must be a date as YYYY-MM-DD", BUSINESS_DATE);
    }
    try {
      return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      throw new ValidationException(BUSINESS_DATE + " must be a date as YYYY-MM-DD", BUSINESS_DATE);
    }
  }
}
