package io.possync.host.controllers.payment;

import io.possync.core.caps.Check;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.Requests;
import io.possync.core.caps.Serial;
import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.host.controllers.payment.PaymentStore.GiftDebit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gift card tenders (POS-API.md section 6): the card is found among the synced {@code giftCards} by the SHA-256 of
 * its number; it may spend its synced balance less this host's own debits that no synced version reflects yet.
 *
 * <h2>When is a host debit reflected in the synced balance?</h2>
 * The cloud debits a card in the transaction that stores the posted check, and that change syncs back. A synced row
 * carries no list of the debits in it, so the host judges by order of events, per debit ({@code gift_debits}):
 * <ol>
 *   <li>{@code adding} / {@code open}: the check carrying it is not accepted by the cloud (its offline transaction
 *   is missing or pending). The debit counts.</li>
 *   <li>Once the host sees the check's transaction {@code uploaded}, the debit becomes {@code accepted} with the
 *   configuration version applied at that moment, A. It still counts.</li>
 *   <li>When a configuration version greater than A is applied, the debit is reflected and its row is removed.</li>
 * </ol>
 * The cloud committed the debit before it answered the upload, so any sync computed after that answer carries it;
 * a sync applied after the host saw the answer is such a sync, except one that was already in flight across the
 * upload (a window of one sync request). When A already includes the debit, the host waits for one more version:
 * it errs on spending less, never more. A stricter rule needs the cloud's upload answer to carry the version of the
 * posting's change (then: reflected when the applied version reaches it); see the report of issue 10.
 * Spends of one card are decided one at a time, so two at once cannot both pass on the same balance.
 */
public final class GiftCards {

  static final String GIFT_CARD = "giftCard";
  static final String NUMBER = "number";
  static final String TABLE = "gift_cards";
  static final String NUMBER_HASH = "numberHash";
  static final String BALANCE = "balanceCents";
  static final String ACTIVE = "active";
  static final String ID = "id";
  static final String PROPERTY_ID = "propertyId";
  static final String ENTERPRISE_ID = "enterpriseId";
  static final String STATUS = "status";
  static final String EXPIRES_ON = "expiresOn";
  static final String LAST4 = "last4";

  private final CheckService checks;
  private final PaymentStore store;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final PaymentMetrics metrics;
  private final Serial cards = new Serial();

  public GiftCards(CheckService checks, PaymentStore store, Supplier<PosConfig> config, Clock clock,
                   PaymentMetrics metrics) {
    this.checks = checks;
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Debits left {@code adding} by a crash: kept when their check shows the payment, removed otherwise. */
  public Future<Void> start() {
    return store.debits(null).compose(ds -> {
      Future<Void> f = Future.succeededFuture();
      for (GiftDebit d : ds) {
        if (PaymentStore.ADDING.equals(d.status())) {
          f = f.compose(v -> checks.get(d.checkId()).transform(ar -> ar.succeeded() && ar.result().payments()
              .stream().anyMatch(p -> p.id().equals(d.paymentId()))
              ? store.debitStatus(d.paymentId(), PaymentStore.OPEN, null) : store.dropDebit(d.paymentId())));
        }
      }
      return f;
    });
  }

  static String numberHash(String number) {
    return HexFormat.of().formatHex(Tokens.sha256(number));
  }

  static String number(Requests.AddPayment r) {
    if (r.card() != null) {
      throw new ValidationException("field \"card\" is for card tenders", CardPayments.CARD);
    }
    JsonObject g = r.giftCard();
    if (g == null) {
      throw new ValidationException("field \"giftCard\" is required for a gift card tender", GIFT_CARD);
    }
    if (!Set.of(NUMBER).containsAll(g.fieldNames()) || !(g.getValue(NUMBER) instanceof String n) || n.isBlank()
        || n.length() > 64 || TextRules.problem(n) != null) {
      throw new ValidationException("field \"giftCard\" must be {\"number\": a text of 1 to 64 characters}",
          GIFT_CARD);
    }
    return n;
  }

  /** The spendable synced card of a number: this enterprise's or this property's, active, not expired. */
  Optional<JsonObject> find(PosConfig cfg, String number) {
    String hash = numberHash(number);
    JsonObject property = cfg.table("properties").values().stream().findFirst().orElse(new JsonObject());
    LocalDate today = LocalDate.now(clock.withZone(cfg.property().map(PosConfig.Property::zone)
        .orElse(java.time.ZoneOffset.UTC)));
    return cfg.table(TABLE).values().stream()
        .filter(c -> hash.equals(c.getString(NUMBER_HASH)))
        .filter(c -> c.getString(PROPERTY_ID) == null || c.getString(PROPERTY_ID).equals(property.getString(ID)))
        .filter(c -> property.getString(ENTERPRISE_ID) == null
            || property.getString(ENTERPRISE_ID).equals(c.getString(ENTERPRISE_ID)))
        .filter(c -> ACTIVE.equals(c.getString(STATUS)))
        .filter(c -> c.getString(EXPIRES_ON) == null || !LocalDate.parse(c.getString(EXPIRES_ON)).isBefore(today))
        .findFirst();
  }

  /** {@code POST /api/pos/checks/{id}/payments} with a gift card tender. */
  public Future<CheckService.Answer> add(CheckService.Call call, Requests.AddPayment r, PosConfig.Tender t) {
    String number = number(r);
    CheckRules.checkTip(t, r);
    PosConfig cfg = config.get();
    JsonObject card = find(cfg, number).orElse(null);
    if (card == null) {
      metrics.payment(t.tenderType(), ErrorCode.GIFT_CARD_NOT_FOUND.wire());
      return Future.failedFuture(new PossyncException(ErrorCode.GIFT_CARD_NOT_FOUND, "no active gift card has this "
          + "number"));
    }
    String[] debited = new String[1];
    return checks.addPayment(call, current -> cards.run(card.getString(ID), () ->
        decide(cfg, card, current, r, t, debited))).transform(ar -> {
          String id = debited[0];
          if (id == null) {
            return ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(ar.result());
          }
          Future<Void> after = ar.succeeded() ? store.debitStatus(id, PaymentStore.OPEN, null) : store.dropDebit(id);
          return after.transform(x -> {
            if (ar.succeeded()) {
              metrics.payment(t.tenderType(), PaymentStore.APPROVED);
            }
            return ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(ar.result());
          });
        });
  }

  private Future<Check.Payment> decide(PosConfig cfg, JsonObject card, Check current, Requests.AddPayment r,
                                       PosConfig.Tender t, String[] debited) {
    if (!current.isOpen()) {
      return Future.failedFuture(new PossyncException(ErrorCode.CHECK_CLOSED, "check " + current.number() + " is "
          + current.status()));
    }
    if (r.amountCents() > current.totals().balanceDueCents()) {
      return Future.failedFuture(new ValidationException("field \"amountCents\" is above the balance due of "
          + current.totals().balanceDueCents() + " (a gift card gives no change)", "amountCents"));
    }
    long charged = Math.addExact(r.amountCents(), r.tipCents());
    return spendable(cfg, card).compose(spendable -> {
      if (charged > spendable) {
        metrics.payment(t.tenderType(), ErrorCode.INSUFFICIENT_BALANCE.wire());
        return Future.failedFuture(new PossyncException(ErrorCode.INSUFFICIENT_BALANCE, "the gift card has "
            + Math.max(0, spendable) + " cents to spend", new JsonObject().put(BALANCE, Math.max(0, spendable)),
            null));
      }
      String id = UUID.randomUUID().toString();
      Instant now = clock.instant();
      return store.addDebit(new GiftDebit(id, card.getString(ID), current.id(), PaymentStore.ADDING,
          cfg.version(), null, charged), now).map(v -> {
            debited[0] = id;
            return new Check.Payment(id, t.id(), t.tenderType(), r.amountCents(), r.tipCents(), Check.APPROVED,
                card.getString(LAST4), null, null, now, card.getString(ID));
          });
    });
  }

  /**
   * The synced balance less this host's unreflected debits of the card; moves debits along the rule of the class
   * comment on the way (accepted once their check is uploaded; removed once a later version is applied).
   */
  Future<Long> spendable(PosConfig cfg, JsonObject card) {
    long balance = card.getLong(BALANCE, 0L);
    long applied = cfg.version();
    return store.debits(card.getString(ID)).compose(ds -> {
      Future<Long> sum = Future.succeededFuture(0L);
      for (GiftDebit d : ds) {
        sum = sum.compose(total -> reflected(d, applied).map(r -> r ? total : total + d.amountCents()));
      }
      return sum;
    }).map(unreflected -> balance - unreflected);
  }

  private Future<Boolean> reflected(GiftDebit d, long applied) {
    if (PaymentStore.ACCEPTED.equals(d.status())) {
      if (applied > d.acceptedVersion()) {
        return store.dropDebit(d.paymentId()).map(true);
      }
      return Future.succeededFuture(false);
    }
    if (PaymentStore.OPEN.equals(d.status())) {
      return store.posted(d.checkId()).compose(posted -> posted
          ? store.debitStatus(d.paymentId(), PaymentStore.ACCEPTED, applied).map(false)
          : Future.succeededFuture(false));
    }
    return Future.succeededFuture(false); // adding: counts
  }

  /** This host's gift debits that still count against their cards. */
  public Future<List<GiftDebit>> debits() {
    return store.debits(null);
  }
}
