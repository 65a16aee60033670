package io.possync.host.sync;

import io.possync.core.caps.Check;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.CheckStore;
import io.possync.core.wire.CheckExchange;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's side of GREEN mode's merge (POS-API.md section 8): sends the cloud every check changed here since the
 * cloud last agreed on it ({@link CheckExchange}), stores the state the cloud says stays (with the audit entries of
 * what it overwrote), takes the checks changed on the cloud while workstations sold there, and joins the kitchen
 * events of sends made there to this host's outbox so its printers print them. So the cloud always holds the host's
 * open checks (a workstation that fails over continues them there) and the host gets back what was sold meanwhile.
 *
 * <p>One exchange at a time; a wake during one runs another after it. An exchange that fails (the cloud is down)
 * waits for the next wake: a write, a heartbeat answer, the cloud's push, or the host's timer.
 */
public final class CheckExchanger {

  private static final Logger LOG = Logger.getLogger(CheckExchanger.class.getName());
  /** Most exchanges in a row for one wake (each answers what the one before left). */
  static final int MAX_ROUNDS = 20;

  private final CloudClient cloud;
  private final SqliteCheckStore store;
  private final CheckService checks;
  private final HostState state;
  private final Runnable kitchenWake;
  /** Kitchen events of the cloud this host took into its outbox: told to the cloud with the next exchange. */
  private List<String> taken = List.of();
  private boolean running;
  private boolean again;
  private int rounds;

  private final io.micrometer.core.instrument.MeterRegistry registry;
  private final java.util.concurrent.atomic.AtomicInteger unmerged = new java.util.concurrent.atomic.AtomicInteger();

  private final io.vertx.core.Vertx vertx;

  public CheckExchanger(io.vertx.core.Vertx vertx, CloudClient cloud, SqliteCheckStore store, CheckService checks,
                        HostState state, Runnable kitchenWake, io.micrometer.core.instrument.MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder(io.possync.core.metrics.Metrics.CHECKS_UNMERGED, unmerged,
            java.util.concurrent.atomic.AtomicInteger::get)
        .description(io.possync.core.metrics.Metrics.description(io.possync.core.metrics.Metrics.CHECKS_UNMERGED))
        .strongReference(true).register(registry);
    this.cloud = cloud;
    this.store = store;
    this.checks = checks;
    this.state = state;
    this.kitchenWake = kitchenWake;
  }

  /** Checks the cloud refused, warned of once each. */
  private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Checks changed here that the cloud had not agreed to after the last exchange. */
  public int unmerged() {
    return unmerged.get();
  }

  /** Whether checks are still to be sent (one the cloud refused is set aside until it changes again). */
  public boolean due() {
    return unmerged.get() > 0;
  }

  private volatile boolean stopped;

  /** No exchange starts any more (the host is stopping; its check store closes). */
  public void stop() {
    stopped = true;
  }

  /** Exchange now (or right after the exchange under way). */
  public void wake() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      rounds = 0;
    }
    paced();
  }

  /**
   * Exchanges start at most every {@link #MIN_GAP_MS}: under load each carries the latest state of every check
   * changed meanwhile, instead of one exchange (and one merge transaction a check on the cloud) per write.
   */
  static final long MIN_GAP_MS = 200;
  private long lastStart = System.nanoTime() - MIN_GAP_MS * 1_000_000;

  /** After an exchange fails, the next waits this long, doubling per failure up to {@link #MAX_BACKOFF_MS}. */
  static final long FIRST_BACKOFF_MS = 1000;
  static final long MAX_BACKOFF_MS = 30_000;
  private volatile int failures;

  /**
   * The cloud answered (a heartbeat, the push channel): exchange now, whatever the last failures made it wait for.
   */
  public void cloudAnswered() {
    failures = 0;
    wake();
  }

  private long gapMs() {
    int f = failures;
    return f == 0 ? MIN_GAP_MS : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(f - 1, 5));
  }

  private void paced() {
    long wait = gapMs() - (System.nanoTime() - lastStart) / 1_000_000;
    if (wait > 0 && vertx != null) {
      vertx.setTimer(wait, id -> paced());
      return;
    }
    lastStart = System.nanoTime();
    round();
  }

  /**
   * What one exchange left.
   *
   * @param more something came or is left that the next exchange carries (an acknowledgement, more checks)
   * @param merged nothing of the cloud's is left to take: workstations may come back to this host
   */
  record Outcome(boolean more, boolean merged) {
  }

  private void round() {
    exchange().onComplete(ar -> {
      boolean more;
      synchronized (this) {
        rounds++;
        more = !stopped && ar.succeeded() && (ar.result().more() || again) && rounds < MAX_ROUNDS;
        again = false;
        running = more;
      }
      state.checksMerged(ar.succeeded() && ar.result().merged());
      failures = ar.succeeded() ? 0 : failures + 1; // while the cloud does not answer, writes do not each try
      io.micrometer.core.instrument.Counter.builder(io.possync.core.metrics.Metrics.CHECK_EXCHANGES)
          .tag("result", ar.succeeded() ? "ok" : "failed").register(registry).increment();
      store.unmirroredCount().onSuccess(unmerged::set);
      if (ar.failed()) {
        LOG.log(Level.FINE, "check exchange with the cloud failed; retried at the next heartbeat", ar.cause());
      }
      if (more) {
        paced();
      }
    });
  }

  /** The most bytes of checks one exchange sends (the cloud takes 4 MB bodies). */
  static final int MAX_BYTES = 2 * 1024 * 1024;

  /** One exchange. */
  Future<Outcome> exchange() {
    return store.unmirrored(CheckExchange.MAX_CHECKS).compose(due -> {
      List<SqliteCheckStore.Unmirrored> sent = new ArrayList<>();
      int bytes = 0;
      for (SqliteCheckStore.Unmirrored u : due) {
        bytes += u.state().check().toJson().toBuffer().length();
        if (!sent.isEmpty() && bytes > MAX_BYTES) {
          break; // the rest go with the next exchange
        }
        sent.add(u);
      }
      List<String> ack = taken;
      CheckExchange request = new CheckExchange(sent.stream()
          .map(u -> new CheckExchange.Sent(u.state(), u.agreed())).toList(), ack);
      return cloud.exchangeChecks(request.toJson()).compose(json -> {
        CheckExchange.Answer answer;
        try {
          answer = CheckExchange.Answer.fromJson(json);
          if (answer.checks().size() != sent.size()) {
            throw new IllegalArgumentException("answered " + answer.checks().size() + " of " + sent.size() + " checks");
          }
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(new CloudClient.InvalidResponseException("check exchange: " + e.getMessage()));
        }
        synchronized (this) {
          if (taken == ack) {
            taken = List.of();
          }
        }
        boolean[] took = {false};
        return store.numberPast(answer.numbers())
            .compose(v -> applyAnswers(sent, answer, took))
            .compose(v -> applyChanged(answer.changed(), took))
            .compose(v -> store.importKitchen(answer.kitchen()))
            .map(ids -> {
              if (!ids.isEmpty()) {
                synchronized (this) {
                  List<String> t = new ArrayList<>(taken);
                  t.addAll(ids);
                  taken = List.copyOf(t);
                }
                kitchenWake.run();
              }
              // what was taken from the cloud goes back to it to confirm; more may wait behind a full exchange
              boolean cloudLeft = answer.changed().stream()
                  .anyMatch(m -> !unusable.contains(m.state().check().id()));
              return new Outcome(sent.size() < due.size() || due.size() == CheckExchange.MAX_CHECKS || took[0]
                  || cloudLeft || !answer.kitchen().isEmpty(), !cloudLeft);
            });
      });
    });
  }

  /**
   * The state that stays for each check sent. The host's own: agreed and done. Another (the cloud's, or a split's
   * winner): stored over the host's with its audit entries, and agreed as the base of what comes next, but still to
   * be sent back, which confirms it to the cloud. When the check changed here meanwhile, its audit entries are kept
   * alone and the next exchange merges again.
   */
  private Future<Void> applyAnswers(List<SqliteCheckStore.Unmirrored> sent, CheckExchange.Answer answer,
                                    boolean[] took) {
    Map<String, Integer> confirmed = new HashMap<>();
    Map<String, Integer> taken = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < sent.size(); i++) {
      Check mine = sent.get(i).state().check();
      CheckExchange.Merged m = answer.checks().get(i);
      Check stays = m.state().check();
      if (!stays.id().equals(mine.id())) {
        return Future.failedFuture(new CloudClient.InvalidResponseException("check exchange: answers out of order"));
      }
      if (m.refused() != null) {
        if (refused.add(mine.id())) {
          LOG.warning("check " + mine.number() + " of " + mine.businessDate() + " is not on the cloud: " + m.refused()
              + ". It stays on this host and posts as usual, but a workstation failing over to the cloud will not "
              + "find it; if this host's cache was replaced today, check the day's numbers with the cloud's checks");
        }
        chain = chain.compose(v -> store.setAside(mine.id()));
        continue;
      }
      if (stays.revision() == mine.revision() && stays.toJson().equals(mine.toJson())) {
        confirmed.put(mine.id(), mine.revision());
        continue;
      }
      took[0] = true;
      chain = chain.compose(v -> checks.commitMerged(CheckStore.Write.merged(m.state(), mine.revision(), m.audit()))
          .map(c -> {
            taken.put(c.id(), c.revision());
            return (Void) null;
          })
          .recover(err -> err instanceof CheckStore.StaleRevisionException ? store.keepAudit(m.audit())
              : Future.failedFuture(err)));
    }
    return chain.compose(v -> store.agreed(confirmed, true)).compose(v -> store.agreed(taken, false));
  }

  /**
   * Checks changed on the cloud: taken when this host did not change them since it last agreed, and agreed as the
   * base of what comes next (they are sent back, which confirms them to the cloud); one changed here too is merged
   * when it is sent. One that cannot be taken is left alone, once warned of, and the others go on.
   */
  private Future<Void> applyChanged(List<CheckExchange.Merged> changed, boolean[] took) {
    Future<Void> chain = Future.succeededFuture();
    for (CheckExchange.Merged m : changed) {
      String id = m.state().check().id();
      chain = chain.compose(v -> store.get(id).compose(mine -> store.agreedRevision(id).compose(agreed -> {
        if (mine != null && mine.revision() != agreed) {
          return Future.<Void>succeededFuture(); // changed here too: merged when it is sent
        }
        took[0] = true;
        return checks.commitMerged(CheckStore.Write.merged(m.state(), mine == null ? 0 : mine.revision(), m.audit()))
            .compose(c -> store.agreed(Map.of(c.id(), c.revision()), false));
      })).recover(err -> {
        if (!(err instanceof CheckStore.StaleRevisionException) && unusable.add(id)) {
          LOG.warning("check " + m.state().check().number() + " of " + m.state().check().businessDate()
              + " sold on the cloud could not be taken by this host: " + err + ". It stays on the cloud; the other "
              + "checks go on");
        }
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  /** Checks of the cloud this host could not take, warned of once each. */
  private final java.util.Set<String> unusable = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
