package io.possync.host.controllers.payment;

import io.possync.core.caps.CheckRules;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.Requests;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/pos/checks/{id}/payments} by tender: processor tenders to {@link CardPayments}, {@code gift_card}
 * to {@link GiftCards}, the rest (cash, house accounts) to the check rules as they are, with the drawer kicked after
 * a cash payment. {@code GET /api/pos/payments?status=} lists the card payments the controller keeps. No HTTP here:
 * the routes call {@link #add} where they called {@code CheckService::addLocalPayment}.
 */
public final class PaymentService {

  private static final Logger LOG = Logger.getLogger(PaymentService.class.getName());

  static final String PAYMENTS = "payments";
  static final List<String> LISTED = List.of(PaymentStore.STORED, PaymentStore.FORWARDING, PaymentStore.APPROVED,
      PaymentStore.DECLINED, PaymentStore.ORPHANED);

  private final CheckService checks;
  private final Supplier<PosConfig> config;
  private final CardPayments cards;
  private final GiftCards giftCards;
  private final DrawerKicker drawer;
  private final PaymentMetrics metrics;

  public PaymentService(CheckService checks, Supplier<PosConfig> config, CardPayments cards, GiftCards giftCards,
                        DrawerKicker drawer, PaymentMetrics metrics) {
    this.checks = checks;
    this.config = config;
    this.cards = cards;
    this.giftCards = giftCards;
    this.drawer = drawer;
    this.metrics = metrics;
  }

  /** Finishes what a crash interrupted and starts forwarding stored card payments. */
  public Future<Void> start() {
    return giftCards.start().compose(v -> cards.start());
  }

  public void stop() {
    cards.stop();
  }

  public Future<CheckService.Answer> add(CheckService.Call call) {
    Requests.AddPayment r = Requests.AddPayment.fromJson(call.body());
    PosConfig.Tender t = new CheckRules(config.get(), () -> UUID.randomUUID().toString()).tender(r.tenderId());
    if (t.usesProcessor()) {
      return cards.add(call, r, t);
    }
    if (PosConfig.Tender.GIFT_CARD.equals(t.tenderType())) {
      return giftCards.add(call, r, t);
    }
    return checks.addLocalPayment(call).onSuccess(a -> {
      if (a.replayed()) {
        return; // the first answer given again: the drawer opened and the payment counted then
      }
      metrics.payment(t.tenderType(), PaymentStore.APPROVED);
      if (PosConfig.Tender.CASH.equals(t.tenderType()) || t.opensDrawer()) {
        try {
          drawer.kick(call.actor().workstationId());
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "the cash drawer of workstation " + call.actor().workstationId()
              + " could not be opened", e);
        }
      }
    });
  }

  /** {@code GET /api/pos/payments?status=}: {@code {"payments": [...]}}, oldest first. */
  public Future<JsonObject> list(String status) {
    if (status != null && !LISTED.contains(status)) {
      return Future.failedFuture(PossyncException.invalid("query parameter \"status\" must be one of " + LISTED));
    }
    return cards.list(status).map(rows -> {
      JsonArray a = new JsonArray();
      rows.stream().filter(f -> !PaymentStore.ADDING.equals(f.status()) && !PaymentStore.AUTHORIZING.equals(f.status()))
          .forEach(f -> a.add(f.toJson()));
      return new JsonObject().put(PAYMENTS, a);
    });
  }
}
