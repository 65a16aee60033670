package io.possync.host.controllers.payment;

import io.possync.core.caps.Check;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.Requests;
import io.possync.core.caps.Serial;
import io.possync.core.catalog.TextRules;
import io.possync.core.catalog.ValidationException;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.host.controllers.payment.CardProcessor.Card;
import io.possync.host.controllers.payment.PaymentStore.Forward;
import io.possync.host.sync.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Card payments through the processor (POS-API.md section 6): approved, declined (402, nothing added), or, when the
 * processor does not answer, stored within the property's offline limits and forwarded later.
 *
 * <h2>Exactly once, also across a crash</h2>
 * The processor is told about a payment only under the payment's own id as {@code Idempotency-Key}, and a stored
 * payment keeps that id for life: however many times a call is repeated (a timeout, a restart mid-call), the
 * processor charges it at most once and answers every repeat with the first answer. What is left is to make sure
 * the host (a) never forgets a payment it may have sent, and (b) never sends one that is not on its check. So:
 * <ol>
 *   <li>A stored payment is written to {@code card_forwards} as {@code adding}, with its card sealed, BEFORE the
 *   check that carries it commits. A crash between the two leaves an {@code adding} row whose check does not show
 *   the payment: at start it is dropped (it was never sent, so nothing was charged); one whose check shows it
 *   becomes {@code stored}. Rows still {@code adding} are never forwarded by the process that is adding them.</li>
 *   <li>Before each call to the processor the row is marked {@code forwarding} (attempts + 1), durably: the intent.
 *   A crash during the call leaves {@code forwarding} with the card still sealed in the row; the next start
 *   forwards it again with the same key, and the processor's idempotency turns the repeat into the first answer.</li>
 *   <li>The answer and the erasure of the card are one transaction ({@code settle}); only then is the check
 *   updated, and the row marked {@code check_applied}. A crash between these is finished at start from the row.</li>
 *   <li>A live payment (the processor reachable) writes its intent too, {@code authorizing}, before the call. A crash
 *   during the call, or between an approval and the check's commit, leaves it so: at start, one on its check is
 *   settled from the check; one on no check is asked again under its key, and an approval there is a charge for
 *   nothing, kept as {@code orphaned}, alerted and listed for a refund (never added to a check behind the
 *   cashier's back); a decline is erased. An answer that cannot be read (a 200 that is no answer, a 409, a
 *   429) is treated the same: the row stays {@code authorizing}; the cashier gets 503 naming the payment.</li>
 * </ol>
 * Forwarding runs one payment at a time, oldest first, as soon as the processor answers anything (a live payment
 * answered, or the retry timer with backoff); a processor still down stops the round and backs off.
 */
public final class CardPayments {

  private static final Logger LOG = Logger.getLogger(CardPayments.class.getName());

  static final String CARD = "card";
  static final String GIFT_CARD = "giftCard";
  /** The field naming the payment in the 503 of an unknown outcome. */
  static final String PAYMENT_ID = "paymentId";
  /** The result tag of a payment whose processor answer could not be read. */
  static final String UNKNOWN = "unknown";
  /** Longest {@code encryptedData} accepted from a terminal. */
  static final int MAX_ENCRYPTED = 8192;
  static final String OFFLINE_LIMIT = "offlineCardLimitCents";
  static final String OFFLINE_TOTAL_LIMIT = "offlineCardTotalLimitCents";
  static final List<String> OUTSTANDING = List.of(PaymentStore.ADDING, PaymentStore.STORED, PaymentStore.FORWARDING);

  private final Vertx vertx;
  private final CheckService checks;
  private final PaymentStore store;
  private final CardProcessor processor;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final Backoff backoff;
  private final PaymentMetrics metrics;
  private final Serial offline = new Serial();
  /** Payments this process is adding right now (their rows are {@code adding} until their check commits). */
  private final Set<String> adding = ConcurrentHashMap.newKeySet();

  private volatile java.util.function.Consumer<Forward> settledListener = f -> { };
  private boolean forwarding;
  private boolean again;
  /** A card was erased since the last completed checkpoint. */
  private boolean erased;
  private boolean stopped;
  private int failures;
  private long timer = -1;

  public CardPayments(Vertx vertx, CheckService checks, PaymentStore store, CardProcessor processor,
                      Supplier<PosConfig> config, Clock clock, Backoff backoff, PaymentMetrics metrics) {
    this.vertx = vertx;
    this.checks = checks;
    this.store = store;
    this.processor = processor;
    this.config = config;
    this.clock = clock;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  /** Finishes what a crash interrupted (see the class comment), then forwards what is stored. */
  public Future<Void> start() {
    return store.list(List.of(PaymentStore.ADDING), false).compose(rows -> {
      Future<Void> f = Future.succeededFuture();
      for (Forward r : rows) {
        f = f.compose(v -> checks.get(r.checkId()).transform(ar -> {
          boolean onCheck = ar.succeeded() && ar.result().payments().stream().anyMatch(p -> p.id().equals(r.id()));
          return onCheck ? store.mark(r.id(), PaymentStore.STORED, false, clock.instant()) : store.drop(r.id());
        }));
      }
      return f;
    }).compose(v -> store.list(List.of(PaymentStore.AUTHORIZING), false)).compose(rows -> {
      // a live call cut by a crash: on its check (the check committed) it is settled from the check; otherwise it
      // stays "authorizing" and the forwarder asks the processor again under the same key to learn what happened
      Future<Void> f = Future.succeededFuture();
      for (Forward r : rows) {
        f = f.compose(v -> checks.get(r.checkId()).transform(ar -> {
          Check.Payment onCheck = ar.succeeded() ? ar.result().payments().stream()
              .filter(p -> p.id().equals(r.id())).findFirst().orElse(null) : null;
          return onCheck == null ? Future.succeededFuture() : store.settle(r, PaymentStore.APPROVED,
              onCheck.authCode(), null, clock.instant()).compose(x -> store.checkApplied(r.id()));
        }));
      }
      return f;
    }).compose(v -> store.unapplied()).compose(rows -> {
      Future<Void> f = Future.succeededFuture();
      for (Forward r : rows) {
        f = f.compose(v -> applyToCheck(r, PaymentStore.APPROVED.equals(r.status())));
      }
      return f;
    }).compose(v -> refresh()).onSuccess(v -> runSoon(0));
  }

  /** Called with each stored payment once the processor's answer is on its check (for frames and tests). */
  public void onSettled(java.util.function.Consumer<Forward> listener) {
    this.settledListener = listener;
  }

  /** Stops forwarding (a call in flight finishes; what is stored stays in the file). */
  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  // ---- a card payment ----

  /** The card of a request, checked; a request without one is 400. */
  static Card card(Requests.AddPayment r) {
    if (r.giftCard() != null) {
      throw new ValidationException("field \"giftCard\" is for gift card tenders", GIFT_CARD);
    }
    JsonObject c = r.card();
    if (c == null) {
      throw new ValidationException("field \"card\" is required for a card tender", CARD);
    }
    for (String f : c.fieldNames()) {
      if (!Set.of(HttpCardProcessor.ENCRYPTED_DATA, HttpCardProcessor.LAST4, HttpCardProcessor.BRAND).contains(f)) {
        throw new ValidationException("field \"card\" has an unknown field", CARD);
      }
    }
    if (!(c.getValue(HttpCardProcessor.ENCRYPTED_DATA) instanceof String data) || data.isEmpty()
        || data.length() > MAX_ENCRYPTED || TextRules.problem(data) != null) {
      throw new ValidationException("field \"card.encryptedData\" must be the terminal's text of 1 to "
          + MAX_ENCRYPTED + " characters", CARD);
    }
    if (!(c.getValue(HttpCardProcessor.LAST4) instanceof String last4) || !last4.matches("[0-9]{4}")) {
      throw new ValidationException("field \"card.last4\" must be 4 digits", CARD);
    }
    if (!(c.getValue(HttpCardProcessor.BRAND) instanceof String brand) || brand.isBlank() || brand.length() > 40
        || TextRules.problem(brand) != null) {
      throw new ValidationException("field \"card.brand\" must be a text of 1 to 40 characters", CARD);
    }
    return new Card(data, last4, brand);
  }

  /** What a decision left in the store for {@link #add} to finish once the check committed (or did not). */
  private record Outcome(Forward row, String status, CardProcessor.Answer answer) {
  }

  /** {@code POST /api/pos/checks/{id}/payments} with a processor tender. */
  public Future<CheckService.Answer> add(CheckService.Call call, Requests.AddPayment r, PosConfig.Tender t) {
    Card card = card(r);
    CheckRules.checkTip(t, r);
    Outcome[] outcome = new Outcome[1];
    return checks.addPayment(call, current -> decide(current, r, t, card, outcome)).transform(ar -> {
      Outcome o = outcome[0];
      if (o == null) {
        return ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(ar.result());
      }
      String id = o.row().id();
      Future<?> after;
      if (PaymentStore.APPROVED.equals(o.status())) {
        // approved and on the check: the card is erased; approved but the check did not commit: charged, on no check
        after = ar.succeeded()
            ? store.settle(o.row(), PaymentStore.APPROVED, o.answer().authCode(), o.answer().processorRef(),
                clock.instant()).compose(f -> store.checkApplied(id))
            : orphan(o.row(), o.answer());
      } else {
        // stored: the row leaves "adding" once its check committed, or goes when the check did not
        after = ar.succeeded() ? store.mark(id, PaymentStore.STORED, false, clock.instant()) : store.drop(id);
      }
      return after.eventually(() -> {
        adding.remove(id);
        return refresh();
      }).transform(x -> {
        if (ar.succeeded() && PaymentStore.STORED.equals(o.status())) {
          metrics.payment(t.tenderType(), PaymentStore.STORED);
          runSoon(0);
        }
        return ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(ar.result());
      });
    });
  }

  private Future<Check.Payment> decide(Check current, Requests.AddPayment r, PosConfig.Tender t, Card card,
                                       Outcome[] outcome) {
    if (!current.isOpen()) {
      return Future.failedFuture(new PossyncException(ErrorCode.CHECK_CLOSED, "check " + current.number() + " is "
          + current.status()));
    }
    if (r.amountCents() > current.totals().balanceDueCents()) {
      return Future.failedFuture(new ValidationException("field \"amountCents\" is above the balance due of "
          + current.totals().balanceDueCents() + " (a card gives no change)", "amountCents"));
    }
    String id = UUID.randomUUID().toString();
    String currency = config.get().property().map(PosConfig.Property::currency).orElse("USD");
    long charged = Math.addExact(r.amountCents(), r.tipCents());
    Instant now = clock.instant();
    JsonObject payload = new JsonObject().put(PaymentStore.CHECK_ID, current.id()).put(PaymentStore.TENDER_ID, t.id())
        .put(PaymentStore.TENDER_TYPE, t.tenderType()).put(PaymentStore.AMOUNT, charged)
        .put(PaymentStore.TIP, r.tipCents()).put(PaymentStore.CURRENCY, currency)
        .put(PaymentStore.LAST4, card.last4()).put(PaymentStore.BRAND, card.brand()).put(PaymentStore.AT, now.toString());
    Forward row = new Forward(id, current.id(), PaymentStore.AUTHORIZING, now, now, 1, false, payload, null);
    adding.add(id);
    // the intent, durable before the processor hears of the payment (see the class comment)
    return store.add(id, current.id(), payload, card.encryptedData(), now, PaymentStore.AUTHORIZING)
        .onFailure(e -> adding.remove(id))
        .compose(v -> processor.authorize(new CardProcessor.Request(id, charged, currency, card)).transform(ar -> {
          if (ar.succeeded()) {
            runSoon(0); // the processor answers: forward what waits
            CardProcessor.Answer a = ar.result();
            if (!a.approved()) {
              metrics.payment(t.tenderType(), PaymentStore.DECLINED);
              return forget(id).compose(x -> Future.failedFuture(new PossyncException(ErrorCode.CARD_DECLINED,
                  "the card was declined")));
            }
            metrics.payment(t.tenderType(), PaymentStore.APPROVED);
            outcome[0] = new Outcome(row, PaymentStore.APPROVED, a);
            return Future.succeededFuture(new Check.Payment(id, t.id(), t.tenderType(), r.amountCents(),
                r.tipCents(), Check.APPROVED, card.last4(), card.brand(), a.authCode(), now));
          }
          if (ar.cause() instanceof HttpCardProcessor.ProcessorAnswerException unread) {
            return unknown(id, t, unread);
          }
          if (!(ar.cause() instanceof CardProcessor.UnreachableException)) {
            metrics.payment(t.tenderType(), "error");
            return forget(id).compose(x -> Future.failedFuture(ar.cause()));
          }
          return offline.run("limit", () -> storeOffline(row, r, t, card, charged, outcome));
        }));
  }

  /**
   * The processor answered something unreadable: it may have charged the card. As after a crash during the call,
   * the row stays {@code authorizing} (card sealed) and the forwarder asks again under the same key; an approval
   * found then is on no check and becomes {@code orphaned} (alerted), a decline is erased. The cashier gets 503
   * naming the payment, so a retry with a new payment can be weighed against it.
   */
  private Future<Check.Payment> unknown(String id, PosConfig.Tender t, PossyncException cause) {
    metrics.payment(t.tenderType(), UNKNOWN);
    LOG.warning("card payment " + id + ": " + cause.getMessage() + "; the processor is asked again under the same "
        + "Idempotency-Key");
    adding.remove(id);
    runSoon(backoff.delay(0));
    return Future.failedFuture(new PossyncException(ErrorCode.BUSY, "the card processor's answer could not be read: "
        + "the outcome of payment " + id + " is unknown and is asked again; an approval found later is listed by "
        + "GET /api/pos/payments?status=orphaned for a refund", new JsonObject().put(PAYMENT_ID, id),
        cause.retryAfterSeconds()));
  }

  /** Erases a payment the processor refused (or could not take) before it reached a check. */
  private Future<Void> forget(String id) {
    return store.drop(id).eventually(() -> {
      adding.remove(id);
      return Future.succeededFuture();
    });
  }

  /** Stores a payment the processor could not take, within the property's offline limits. */
  private Future<Check.Payment> storeOffline(Forward row, Requests.AddPayment r, PosConfig.Tender t, Card card,
                                             long charged, Outcome[] outcome) {
    JsonObject property = config.get().table("properties").values().stream().findFirst().orElse(new JsonObject());
    long perPayment = limit(property, OFFLINE_LIMIT);
    long total = limit(property, OFFLINE_TOTAL_LIMIT);
    return store.list(OUTSTANDING, false).compose(rows -> {
      long outstanding = 0;
      for (Forward f : rows) {
        outstanding += f.amountCents();
      }
      if (charged > perPayment || outstanding + charged > total) {
        metrics.payment(t.tenderType(), ErrorCode.OFFLINE_LIMIT.wire());
        long o = outstanding;
        return forget(row.id()).compose(x -> Future.failedFuture(new PossyncException(ErrorCode.OFFLINE_LIMIT,
            "the card processor cannot be reached and this payment is beyond the property's offline card limits: "
            + "take another tender", new JsonObject().put(OFFLINE_LIMIT, perPayment).put(OFFLINE_TOTAL_LIMIT, total)
                .put("outstandingCents", o), null)));
      }
      return store.mark(row.id(), PaymentStore.ADDING, false, clock.instant()).map(v -> {
        outcome[0] = new Outcome(row, PaymentStore.STORED, null);
        return new Check.Payment(row.id(), t.id(), t.tenderType(), r.amountCents(), r.tipCents(), Check.STORED,
            card.last4(), card.brand(), null, row.createdAt());
      });
    });
  }

  /**
   * A payment the processor approved that is on no check (its check did not commit, or the host died between the
   * answer and the commit): the guest was charged for nothing. Kept as {@code orphaned}, card erased, alerted, and
   * listed by {@code GET /api/pos/payments?status=orphaned} for a manager to refund.
   */
  private Future<Void> orphan(Forward row, CardProcessor.Answer a) {
    JsonObject p = row.payload();
    metrics.orphaned();
    LOG.severe("ALERT: card payment " + row.id() + " (" + p.getString(PaymentStore.BRAND) + " ending "
        + p.getString(PaymentStore.LAST4) + ", " + p.getLong(PaymentStore.AMOUNT) + " cents, processor ref "
        + a.processorRef() + ") was APPROVED by the processor but is on no check: refund it; "
        + "GET /api/pos/payments?status=orphaned lists it");
    return store.settle(row, PaymentStore.ORPHANED, a.authCode(), a.processorRef(), clock.instant())
        .compose(f -> store.checkApplied(row.id()).compose(v -> refresh()).onSuccess(v -> settledListener.accept(f)));
  }

  /** An offline limit of the property; missing or null is 0 (no offline cards). */
  static long limit(JsonObject property, String field) {
    return property.getValue(field) instanceof Number n ? Math.max(0, n.longValue()) : 0;
  }

  // ---- forwarding ----

  /** Forwards what is stored after {@code delayMs} (0: now), unless a round is already running or waiting sooner. */
  private synchronized void runSoon(long delayMs) {
    if (stopped) {
      return;
    }
    if (forwarding) {
      again |= delayMs <= 0; // a round is running: run another right after it (it may have missed this payment)
      return;
    }
    if (timer >= 0) {
      if (delayMs > 0) {
        return; // a retry is already planned
      }
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (delayMs <= 0) {
      forwarding = true;
      vertx.runOnContext(x -> round());
    } else {
      timer = vertx.setTimer(delayMs, x -> {
        synchronized (this) {
          timer = -1;
          if (forwarding || stopped) {
            return;
          }
          forwarding = true;
        }
        round();
      });
    }
  }

  /** One round: forwards stored payments oldest first until none is left or the processor stops answering. */
  private void round() {
    store.list(List.of(PaymentStore.STORED, PaymentStore.FORWARDING, PaymentStore.AUTHORIZING), true).compose(rows -> {
      Forward next = rows.stream().filter(f -> !adding.contains(f.id())).findFirst().orElse(null);
      if (next == null || stopped) {
        return Future.succeededFuture(false);
      }
      return forward(next).map(true);
    }).onComplete(ar -> {
      long retry;
      synchronized (this) {
        forwarding = false;
        if (ar.succeeded() && ar.result()) {
          failures = 0;
          retry = 0;
        } else if (ar.succeeded()) {
          failures = 0;
          retry = again ? 0 : -1; // nothing stored (unless one was added meanwhile)
        } else {
          retry = backoff.delay(failures++);
          if (!(ar.cause() instanceof CardProcessor.UnreachableException)) {
            LOG.log(java.util.logging.Level.WARNING, "forwarding stored card payments failed; retried with backoff",
                ar.cause());
          }
        }
        again = false;
      }
      boolean erase = retry != 0 && erased;
      refresh().compose(x -> erase ? store.checkpoint().otherwise(false) : Future.succeededFuture(true))
          .onComplete(x -> {
            boolean clean = x.succeeded() && x.result();
            synchronized (this) {
              erased &= !clean;
            }
            if (retry >= 0) {
              runSoon(retry);
            } else if (!clean) {
              runSoon(backoff.delay(0)); // the erased card's old pages are still in the WAL: checkpoint again
            }
          });
    });
  }

  private record Settled(Forward row, CardProcessor.Answer answer) {
  }

  /** Forwards one stored payment: intent, call, answer with erasure, check. */
  private Future<Void> forward(Forward f) {
    JsonObject p = f.payload();
    CardProcessor.Request req = new CardProcessor.Request(f.id(), p.getLong(PaymentStore.AMOUNT),
        p.getString(PaymentStore.CURRENCY), new Card(f.encryptedData(), p.getString(PaymentStore.LAST4),
        p.getString(PaymentStore.BRAND)));
    if (PaymentStore.AUTHORIZING.equals(f.status())) {
      // what became of a live call cut by a crash: the processor answers the first answer again (same key)
      return store.mark(f.id(), PaymentStore.AUTHORIZING, true, clock.instant())
          .compose(v -> processor.authorize(req))
          .onFailure(e -> metrics.forwardFailed())
          .compose(a -> a.approved() ? orphan(f, a) : store.drop(f.id()));
    }
    return store.mark(f.id(), PaymentStore.FORWARDING, true, clock.instant())
        .compose(v -> processor.authorize(req))
        .onFailure(e -> {
          metrics.forwardFailed();
          if (!(e instanceof CardProcessor.UnreachableException)) {
            LOG.warning("stored card payment " + f.id() + " could not be forwarded: " + e.getMessage());
          }
        })
        .compose(a -> store.settle(f, a.approved() ? PaymentStore.APPROVED : PaymentStore.DECLINED, a.authCode(),
                a.processorRef(), clock.instant())
            .compose(settled -> store.checkpoint().otherwise(false).map(clean -> {
              if (!clean) {
                synchronized (this) {
                  erased = true; // retried at the end of the round
                }
              }
              return new Settled(settled, a);
            })))
        .compose(s -> {
          CardProcessor.Answer a = s.answer();
          if (!a.approved()) {
            metrics.declinedAfterForward();
            metrics.payment(p.getString(PaymentStore.TENDER_TYPE), "declined_after_forward");
          }
          return applyToCheck(s.row(), a.approved()).compose(v -> refresh()).onSuccess(v -> {
            settledListener.accept(s.row());
            if (!a.approved()) {
              checks.get(f.checkId()).onComplete(c -> LOG.severe("ALERT: stored card payment " + f.id() + " ("
                  + p.getString(PaymentStore.BRAND) + " ending " + p.getString(PaymentStore.LAST4) + ", "
                  + p.getLong(PaymentStore.AMOUNT) + " cents) on check "
                  + (c.succeeded() ? c.result().number() : f.checkId()) + " was DECLINED when forwarded to the "
                  + "processor: collect it another way; GET /api/pos/payments?status=declined lists it"));
            }
          });
        });
  }

  /** Writes the processor's answer (in the settled row's payload) onto the payment on its check, then notes it. */
  private Future<Void> applyToCheck(Forward settled, boolean approved) {
    JsonObject p = settled.payload();
    long tip = p.getLong(PaymentStore.TIP, 0L);
    Check.Payment payment = new Check.Payment(settled.id(), p.getString(PaymentStore.TENDER_ID),
        p.getString(PaymentStore.TENDER_TYPE), p.getLong(PaymentStore.AMOUNT) - tip, tip,
        approved ? Check.APPROVED : Check.DECLINED, p.getString(PaymentStore.LAST4), p.getString(PaymentStore.BRAND),
        p.getString(PaymentStore.AUTH_CODE), Instant.parse(p.getString(PaymentStore.AT)));
    return checks.settlePayment(settled.checkId(), payment).compose(c -> store.checkApplied(settled.id()));
  }

  /** The stored payments' meters, from the store. */
  Future<Void> refresh() {
    return store.list(OUTSTANDING, false).map(rows -> {
      metrics.stored(rows);
      return null;
    });
  }

  /** Card payments with a status (the forwarded ones; {@code declined}: those the processor declined later). */
  public Future<List<Forward>> list(String status) {
    return store.list(status == null ? List.of() : List.of(status), false);
  }
}
