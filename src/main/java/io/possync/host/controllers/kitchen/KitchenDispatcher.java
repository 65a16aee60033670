package io.possync.host.controllers.kitchen;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.PosConfig;
import io.possync.core.kitchen.KitchenEvent;
import io.possync.core.kitchen.KitchenRouting;
import io.possync.host.cache.LocalCache;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.possync.core.kitchen.KdsHub;
import io.possync.core.kitchen.KdsTicket;
import io.possync.host.controllers.kds.KdsTickets;
import io.possync.host.controllers.print.PrintDispatcher;
import io.possync.host.controllers.print.PrintJob;
import io.possync.host.controllers.print.PrintQueue;
import io.possync.host.sync.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Turns the kitchen outbox (lines sent, sent lines voided) into print jobs and KDS tickets: routed with the
 * configuration in force, written in one transaction with the events marked handled, then handed to the print
 * dispatcher and the displays. A crash in between loses nothing: unhandled events are read again at start. A pass
 * that fails (the file busy) is retried on a backoff timer, not only at the next write. An event that cannot be
 * decoded or routed is set aside as {@code failed} (one SEVERE line, a counter) so the sends after it still print.
 */
public final class KitchenDispatcher {

  private static final Logger LOG = Logger.getLogger(KitchenDispatcher.class.getName());
  static final int BATCH = 100;

  private final LocalCache cache;
  private final CheckStore checks;
  private final PrintQueue printQueue;
  private final PrintDispatcher printer;
  private final KdsTickets kdsTickets;
  private final KdsHub kds;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final Timer sendToDisplayed;
  private final Backoff backoff;
  private final Counter failedEvents;
  /** Null when built without one: the running context's (resolved at the first retry). */
  private final Vertx vertx;
  private boolean running;
  private boolean again;
  private int failures;
  private long retryTimer = -1;
  private boolean stopped;


  public KitchenDispatcher(Vertx vertx, LocalCache cache, CheckStore checks, PrintQueue printQueue,
                           PrintDispatcher printer, KdsTickets kdsTickets, KdsHub kds, Supplier<PosConfig> config,
                           Clock clock, Backoff backoff, MeterRegistry registry) {
    this.vertx = vertx;
    this.cache = cache;
    this.checks = checks;
    this.printQueue = printQueue;
    this.printer = printer;
    this.kdsTickets = kdsTickets;
    this.kds = kds;
    this.config = config;
    this.clock = clock;
    this.backoff = backoff;
    this.sendToDisplayed = Timer.builder("possync.kds.latency")
        .description("Time from a send to its ticket pushed to the KDS displays").register(registry);
    this.failedEvents = Counter.builder("possync.kitchen.events.failed")
        .description("Kitchen events set aside as failed because they could not be decoded or routed (they do "
            + "not print; see the SEVERE log line)").register(registry);
  }

  /** Handles what waits in the outbox now; called after every check write, at start and on the retry timer. */
  public synchronized void wake() {
    if (running) {
      again = true;
      return;
    }
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    running = true;
    again = false;
    pass().onComplete(ar -> {
      boolean more;
      long retry = -1;
      synchronized (this) {
        running = false;
        if (ar.failed()) {
          if (failures++ == 0) { // once per outage, not per retry
            LOG.severe("the kitchen dispatcher could not route sends (they stay queued and are retried with "
                + "backoff): " + ar.cause());
          }
          retry = backoff.delay(failures - 1);
        } else if (failures > 0) {
          failures = 0;
          LOG.info("the kitchen dispatcher routes sends again");
        }
        more = again || (ar.succeeded() && ar.result());
        if (!more && retry >= 0) {
          retryIn(retry);
        }
      }
      if (more) {
        wake();
      }
    });
  }

  /** Stops the retry timer (what waits stays in the outbox for the next start). */
  public synchronized void stop() {
    stopped = true;
    if (retryTimer >= 0 && vertx != null) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  /** Plans a retry of a failed pass. */
  private void retryIn(long delayMs) {
    if (stopped) {
      return;
    }
    retryTimer = vertx.setTimer(delayMs, id -> {
      synchronized (this) {
        retryTimer = -1;
      }
      wake();
    });
  }

  /** The print jobs and KDS tickets of one event, routed with the configuration in force. */
  private static void route(PosConfig cfg, KitchenEvent e, List<PrintJob> jobs, List<KdsTicket> tickets) {
    KitchenRouting.Routed r = KitchenRouting.route(cfg, e);
    String rvcName = KitchenRouting.rvcName(cfg, e);
    String server = cfg.employee(e.employeeId()).map(PosConfig.Employee::firstName).orElse("");
    boolean isVoid = KitchenEvent.VOID.equals(e.kind());
    r.printers().forEach((printerId, lines) -> jobs.add(new PrintJob(UUID.randomUUID().toString(),
        isVoid ? PrintJob.VOID_CHIT : PrintJob.CHIT, printerId, e.checkId(), e.checkNumber(), rvcName,
        e.orderType(), e.tableName(), server, e.at(), lines, null)));
    tickets.addAll(KitchenRouting.tickets(cfg, e, r, () -> UUID.randomUUID().toString()));
  }

  /** An event that cannot be decoded or routed: set aside as failed, once, loudly; the others go on. */
  private void poisoned(String eventId, String what, Throwable cause) {
    failedEvents.increment();
    LOG.severe("kitchen event " + eventId + " cannot be " + what + " and is set aside as " + SqliteCheckStore.FAILED_EVENT
        + " (it does not print; the sends after it do): " + cause);
  }

  /** Pending events to handle now, and whether more may wait behind them. */
  private record Batch(List<KitchenEvent> events, boolean more) {
  }

  /**
   * The pending events, oldest first. When the batch cannot be read, the oldest alone is tried: read, it goes on
   * its own (the rest follow); unreadable, it is set aside as failed.
   */
  private Future<Batch> pending() {
    return checks.kitchenPending(BATCH).map(events -> new Batch(events, events.size() == BATCH))
        .recover(batch -> checks.kitchenPending(1).map(one -> new Batch(one, !one.isEmpty())).recover(e -> {
          if (transientFailure(e)) {
            return Future.failedFuture(e);
          }
          return SqliteCheckStore.failOldestKitchenEvent(cache).map(id -> {
            if (id != null) {
              poisoned(id, "decoded", e);
            }
            return new Batch(List.of(), id != null); // set aside: read again
          });
        }));
  }

  /** A failure of the file itself (retried), not of what an event holds. */
  private static boolean transientFailure(Throwable e) {
    return e instanceof java.sql.SQLException || e instanceof java.util.concurrent.RejectedExecutionException;
  }

  /** One batch; true when more may wait (a full batch, or one event handled or set aside alone). */
  private Future<Boolean> pass() {
    return pending().compose(batch -> {
      List<KitchenEvent> events = batch.events();
      if (events.isEmpty()) {
        return Future.succeededFuture(batch.more());
      }
      PosConfig cfg = config.get();
      List<PrintJob> jobs = new ArrayList<>();
      List<KdsTicket> tickets = new ArrayList<>();
      List<KitchenEvent> routed = new ArrayList<>();
      java.util.Map<String, RuntimeException> unroutable = new java.util.LinkedHashMap<>();
      for (KitchenEvent e : events) {
        List<PrintJob> eventJobs = new ArrayList<>();
        List<KdsTicket> eventTickets = new ArrayList<>();
        try {
          route(cfg, e, eventJobs, eventTickets);
        } catch (RuntimeException x) {
          unroutable.put(e.id(), x);
          continue;
        }
        jobs.addAll(eventJobs);
        tickets.addAll(eventTickets);
        routed.add(e);
      }
      List<String[]> voids = new ArrayList<>();
      return cache.pool().withTransaction(conn -> {
        Future<Void> f = printQueue.add(conn, jobs, clock.instant())
            .compose(v -> kdsTickets.add(conn, tickets, clock.instant()));
        for (KitchenEvent e : routed) {
          if (KitchenEvent.VOID.equals(e.kind())) {
            f = f.compose(v -> kdsTickets.ofCheck(conn, e.checkId()).compose(existing -> {
              KitchenRouting.Voided done = KitchenRouting.voidLines(e, existing);
              voids.addAll(done.frames());
              return kdsTickets.update(conn, done.changed());
            }));
          }
        }
        return f.compose(v -> SqliteCheckStore.kitchenDone(conn, routed.stream().map(KitchenEvent::id).toList()))
            .compose(v -> SqliteCheckStore.kitchenFailed(conn, List.copyOf(unroutable.keySet())));
      }).map(v -> {
        unroutable.forEach((id, x) -> poisoned(id, "routed", x));
        jobs.forEach(printer::submit);
        tickets.forEach(t -> {
          kds.ticket(t);
          sendToDisplayed.record(Duration.between(t.sentAt(), clock.instant()));
        });
        voids.forEach(x -> kds.voided(x[0], x[1], x[2]));
        return batch.more();
      });
    });
  }
}
