package io.possync.host.controllers.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The payment controller's Prometheus meters, registered once per registry. */
public final class PaymentMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Counter> payments = new ConcurrentHashMap<>();
  private final Counter forwardFailures;
  private final Counter declinedAfterForward;
  private final Counter orphaned;
  private volatile long storedCount;
  private volatile long storedCents;
  private volatile Instant oldestStored;

  public PaymentMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.forwardFailures = Counter.builder("possync.payments.forward.failures")
        .description("Attempts to forward a stored card payment that found the processor unreachable")
        .register(registry);
    this.declinedAfterForward = Counter.builder("possync.payments.declined.after.forward")
        .description("Stored card payments the processor declined when they were forwarded (each is an alert)")
        .register(registry);
    this.orphaned = Counter.builder("possync.payments.orphaned")
        .description("Card payments the processor approved that are on no check (a crash mid-payment): to refund")
        .register(registry);
    Gauge.builder("possync.payments.stored", this, m -> m.storedCount)
        .description("Card payments stored offline, waiting to be forwarded to the processor").register(registry);
    Gauge.builder("possync.payments.stored.amount.cents", this, m -> m.storedCents)
        .description("Amount of the card payments stored offline, in cents (what offlineCardTotalLimitCents caps)")
        .register(registry);
    Gauge.builder("possync.payments.stored.oldest.age.seconds", this, PaymentMetrics::oldestAge)
        .description("Age of the oldest card payment stored offline, in seconds (0 when none)").register(registry);
  }

  private double oldestAge() {
    Instant o = oldestStored;
    return o == null ? 0 : Math.max(0, Duration.between(o, clock.instant()).toMillis() / 1000.0);
  }

  /** One payment outcome: approved, stored, declined, offline_limit, insufficient_balance, ... */
  public void payment(String tenderType, String result) {
    payments.computeIfAbsent(tenderType + "/" + result, k -> Counter.builder("possync.payments")
        .description("Payments taken, by tender type and result").tag("tender_type", tenderType)
        .tag("result", result).register(registry)).increment();
  }

  public void forwardFailed() {
    forwardFailures.increment();
  }

  public void orphaned() {
    orphaned.increment();
  }

  public void declinedAfterForward() {
    declinedAfterForward.increment();
  }

  /** The stored payments as they are now (from the store, oldest first). */
  public void stored(List<PaymentStore.Forward> outstanding) {
    long cents = 0;
    for (PaymentStore.Forward f : outstanding) {
      cents += f.amountCents();
    }
    storedCount = outstanding.size();
    storedCents = cents;
    oldestStored = outstanding.isEmpty() ? null : outstanding.get(0).createdAt();
  }
}
