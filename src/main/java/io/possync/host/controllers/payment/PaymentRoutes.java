package io.possync.host.controllers.payment;

import io.possync.core.caps.CheckService;
import io.possync.core.http.HttpErrors;
import io.possync.core.pos.PosRoutes;
import io.vertx.ext.web.Router;

/**
 * The payment controller's calls: {@code POST /api/pos/checks/{id}/payments} by tender (cash and local tenders,
 * cards through the processor, gift cards) and {@code GET /api/pos/payments?status=}.
 */
public final class PaymentRoutes {

  private final PosRoutes pos;
  private final PaymentService payments;

  public PaymentRoutes(PosRoutes pos, PaymentService payments) {
    this.pos = pos;
    this.payments = payments;
  }

  public void mount(Router router) {
    router.post("/api/pos/checks/:id/payments").handler(ctx -> pos.write(ctx, "payments",
        (CheckService s, CheckService.Call c) -> payments.add(c)));
    router.get("/api/pos/payments").handler(ctx -> pos.employee(ctx)
        .compose(a -> payments.list(ctx.request().getParam("status")))
        .onSuccess(ctx::json).onFailure(err -> HttpErrors.fail(ctx, err)));
  }
}
