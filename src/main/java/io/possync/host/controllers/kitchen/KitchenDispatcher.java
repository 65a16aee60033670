package io.possync.host.controllers.kitchen;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckStore;
import io.possync.core.caps.PosConfig;
import io.possync.core.kitchen.KitchenEvent;
import io.possync.core.kitchen.KitchenRouting;
import io.possync.host.cache.LocalCache;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.possync.host.controllers.kds.KdsHub;
import io.possync.host.controllers.kds.KdsTicket;
import io.possync.host.controllers.kds.KdsTickets;
import io.possync.host.controllers.print.PrintDispatcher;
import io.possync.host.controllers.print.PrintJob;
import io.possync.host.controllers.print.PrintQueue;
import io.vertx.core.Future;
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
 * dispatcher and the displays. A crash in between loses nothing: unhandled events are read again at start.
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
  private boolean running;
  private boolean again;

  public KitchenDispatcher(LocalCache cache, CheckStore checks, PrintQueue printQueue, PrintDispatcher printer,
                           KdsTickets kdsTickets, KdsHub kds, Supplier<PosConfig> config, Clock clock,
                           MeterRegistry registry) {
    this.cache = cache;
    this.checks = checks;
    this.printQueue = printQueue;
    this.printer = printer;
    this.kdsTickets = kdsTickets;
    this.kds = kds;
    this.config = config;
    this.clock = clock;
    this.sendToDisplayed = Timer.builder("possync.kds.latency")
        .description("Time from a send to its ticket pushed to the KDS displays").register(registry);
  }

  /** Handles what waits in the outbox now; called after every check write and at start. */
  public synchronized void wake() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pass().onComplete(ar -> {
      if (ar.failed()) {
        LOG.severe("the kitchen dispatcher could not route sends (they stay queued and are retried on the next "
            + "write): " + ar.cause());
      }
      boolean more;
      synchronized (this) {
        running = false;
        more = again || (ar.succeeded() && ar.result());
      }
      if (more) {
        wake();
      }
    });
  }

  /** One batch; true when a full batch was handled (there may be more). */
  private Future<Boolean> pass() {
    return checks.kitchenPending(BATCH).compose(events -> {
      if (events.isEmpty()) {
        return Future.succeededFuture(false);
      }
      PosConfig cfg = config.get();
      List<PrintJob> jobs = new ArrayList<>();
      List<KdsTicket> tickets = new ArrayList<>();
      for (KitchenEvent e : events) {
        Check routedAs = new Check(e.checkId(), e.checkNumber(), e.rvcId(), e.orderType(), 0, e.tableName(), null,
            e.employeeId(), null, null, e.at(), null, 0, false, e.lines(), List.of(), List.of(), List.of(),
            java.util.Map.of(), null);
        KitchenRouting.Routed r = KitchenRouting.route(cfg, routedAs, e.lines());
        String rvcName = cfg.rvc(e.rvcId()).map(PosConfig.Rvc::name).orElse("");
        String server = cfg.employee(e.employeeId()).map(PosConfig.Employee::firstName).orElse("");
        boolean isVoid = KitchenEvent.VOID.equals(e.kind());
        r.printers().forEach((printerId, lines) -> jobs.add(new PrintJob(UUID.randomUUID().toString(),
            isVoid ? PrintJob.VOID_CHIT : PrintJob.CHIT, printerId, e.checkId(), e.checkNumber(), rvcName,
            e.orderType(), e.tableName(), server, e.at(), lines, null)));
        if (!isVoid) {
          r.displays().forEach((displayId, lines) -> tickets.add(new KdsTicket(UUID.randomUUID().toString(),
              displayId, e.checkId(), e.checkNumber(), rvcName, e.orderType(), e.tableName(), e.at(), lines)));
        }
      }
      List<String[]> voids = new ArrayList<>();
      return cache.pool().withTransaction(conn -> {
        Future<Void> f = printQueue.add(conn, jobs, clock.instant())
            .compose(v -> kdsTickets.add(conn, tickets, clock.instant()));
        for (KitchenEvent e : events) {
          if (KitchenEvent.VOID.equals(e.kind())) {
            f = f.compose(v -> kdsTickets.ofCheck(conn, e.checkId()).compose(existing -> {
              List<KdsTicket> changed = new ArrayList<>();
              for (KdsTicket t : existing) {
                KdsTicket next = t;
                for (Check.Line l : e.lines()) {
                  if (next.has(l.id())) {
                    next = next.voidLine(l.id());
                    voids.add(new String[] {t.displayId(), t.id(), l.id()});
                  }
                }
                if (next != t) {
                  changed.add(next);
                }
              }
              return kdsTickets.update(conn, changed);
            }));
          }
        }
        return f.compose(v -> SqliteCheckStore.kitchenDone(conn, events.stream().map(KitchenEvent::id).toList()));
      }).map(v -> {
        jobs.forEach(printer::submit);
        tickets.forEach(t -> {
          kds.ticket(t);
          sendToDisplayed.record(Duration.between(t.sentAt(), clock.instant()));
        });
        voids.forEach(x -> kds.voided(x[0], x[1], x[2]));
        return events.size() == BATCH;
      });
    });
  }
}
