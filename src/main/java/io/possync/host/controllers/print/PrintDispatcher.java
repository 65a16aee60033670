package io.possync.host.controllers.print;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.core.caps.PosConfig;
import io.possync.host.controllers.print.PrinterClient.Outcome;
import io.possync.host.sync.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Delivers queued print jobs: one lane per printer, so a dead or slow printer delays only its own jobs, in order.
 * A job goes to its printer; when that fails, to the printer's backup with the {@code BACKUP FOR} line; when
 * neither takes it, it waits (durably, in {@link PrintQueue}) and is tried again with backoff and jitter until one
 * does. A job counts as printed only once a printer confirmed it, and is then marked so it never prints again: the
 * lane goes on at once, and a mark the file refuses is retried until it is durable.
 * Runs on one Vert.x context.
 */
public final class PrintDispatcher {

  private static final Logger LOG = Logger.getLogger(PrintDispatcher.class.getName());

  private final Vertx vertx;
  private final PrintQueue queue;
  private final PrinterClient client;
  private final Supplier<PosConfig> config;
  private final Clock clock;
  private final Backoff backoff;
  private final Map<String, Lane> lanes = new HashMap<>();
  private boolean stopped;
  /** A "printed" mark was refused and not yet retried successfully. */
  private boolean markFailing;
  private java.util.function.Consumer<String> printedListener = id -> { };
  private final AtomicInteger depth = new AtomicInteger();
  private final MeterRegistry registry;
  private final Counter failovers;
  private final Timer sendToPrinted;

  public PrintDispatcher(Vertx vertx, PrintQueue queue, PrinterClient client, Supplier<PosConfig> config, Clock clock,
                         Backoff backoff, MeterRegistry registry) {
    this.vertx = vertx;
    this.queue = queue;
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.backoff = backoff;
    this.registry = registry;
    this.failovers = Counter.builder("possync.print.failovers")
        .description("Print jobs printed by a backup printer because their printer failed").register(registry);
    this.sendToPrinted = Timer.builder("possync.print.latency")
        .description("Time from a send (or receipt request) to its printout confirmed by a printer")
        .register(registry);
    Gauge.builder("possync.print.queue.depth", depth, AtomicInteger::get)
        .description("Print jobs waiting for a printer").register(registry);
  }

  /** Loads what waited across a restart; then the lanes run. */
  public Future<Void> start() {
    return queue.list(PrintQueue.QUEUED).map(list -> {
      list.forEach(e -> enqueue(e.job(), e.attempts()));
      return null;
    });
  }

  /** Called with each job's id once its "printed" mark is durable (for frames and tests). */
  public void onPrinted(java.util.function.Consumer<String> listener) {
    this.printedListener = listener;
  }

  /** Stops delivering (jobs in flight finish; waiting ones stay queued in the file). */
  public void stop() {
    stopped = true;
  }

  /** A job newly added to the queue (already durable). */
  public void submit(PrintJob job) {
    enqueue(job, 0);
  }

  public int depth() {
    return depth.get();
  }

  private void enqueue(PrintJob job, int attempts) {
    Lane lane = lanes.computeIfAbsent(job.printerId(), Lane::new);
    lane.jobs.add(new Waiting(job, attempts));
    depth.incrementAndGet();
    lane.pump();
  }

  private record Waiting(PrintJob job, int attempts) {
  }

  private final class Lane {
    final String printerId;
    final Deque<Waiting> jobs = new ArrayDeque<>();
    boolean busy;
    boolean failing;

    Lane(String printerId) {
      this.printerId = printerId;
    }

    void pump() {
      if (busy || jobs.isEmpty() || stopped) {
        return;
      }
      busy = true;
      Waiting w = jobs.peekFirst();
      attempt(w.job()).onComplete(ar -> {
        String by = ar.succeeded() ? ar.result() : null;
        if (by != null) {
          if (failing) {
            failing = false;
            LOG.info("printer " + printerId + " (or its backup) prints again; waiting jobs follow");
          }
          jobs.pollFirst();
          depth.decrementAndGet();
          Instant now = clock.instant();
          sendToPrinted.record(Duration.between(w.job().sentAt(), now));
          // the job is on paper: the lane goes on while its mark is made durable (retried until it is)
          markPrinted(w.job().id(), by, now, 0);
          busy = false;
          pump();
          return;
        }
        int n = w.attempts() + 1;
        jobs.pollFirst();
        jobs.addFirst(new Waiting(w.job(), n));
        long delay = backoff.delay(n - 1);
        if (!failing) {
          failing = true; // once per outage of this printer, not per job or retry
          PosConfig.Printer p = config.get().printer(printerId).orElse(null);
          LOG.warning("printer " + (p == null ? printerId : "\"" + p.name() + "\" at " + p.host() + ":" + p.port())
              + " and its backup do not print: jobs for it wait in the queue and are retried (see GET "
              + "/api/pos/print-jobs?status=queued). Check the printer's power, paper and network.");
        }
        queue.retryAt(w.job().id(), n, clock.instant().plusMillis(delay)).onComplete(x ->
            vertx.setTimer(delay, id -> {
              busy = false;
              pump();
            }));
      });
    }
  }

  /**
   * Marks a printed job so, durably; a mark the file refuses is retried with backoff until it lands (lost, the job
   * would print again after a restart). One warning while marks fail, one line when they land again.
   */
  private void markPrinted(String jobId, String by, Instant at, int attempt) {
    queue.printed(jobId, by, at).onComplete(ar -> {
      if (ar.succeeded()) {
        if (markFailing) {
          markFailing = false;
          LOG.info("printed jobs are marked again");
        }
        printedListener.accept(jobId);
        return;
      }
      if (!markFailing) {
        markFailing = true;
        LOG.warning("a printed job cannot be marked printed in the cache file (" + ar.cause() + "); retried until "
            + "it is, or it prints again after a restart");
      }
      if (!stopped) {
        vertx.setTimer(backoff.delay(attempt), id -> markPrinted(jobId, by, at, attempt + 1));
      }
    });
  }

  /** Tries the job's printer, then its backup; the id of the printer that printed it, or null. */
  private Future<String> attempt(PrintJob job) {
    PosConfig cfg = config.get();
    PosConfig.Printer primary = cfg.printer(job.printerId()).orElse(null);
    ZoneId zone = cfg.property().map(PosConfig.Property::zone).orElse(ZoneId.of("UTC"));
    String name = cfg.propertyName();
    Future<Outcome> first = primary == null || !primary.active() ? Future.succeededFuture(Outcome.UNREACHABLE)
        : client.print(primary.host(), primary.port(), job.render(primary.lineWidth(), null, zone, name));
    return first.compose(o -> {
      count(job.printerId(), o);
      if (o.printed()) {
        return Future.succeededFuture(job.printerId());
      }
      PosConfig.Printer backup = primary == null || primary.backupPrinterId() == null ? null
          : cfg.printer(primary.backupPrinterId()).filter(PosConfig.Printer::active).orElse(null);
      if (backup == null) {
        return Future.succeededFuture(null);
      }
      return client.print(backup.host(), backup.port(), job.render(backup.lineWidth(), primary.name(), zone, name))
          .map(b -> {
            count(backup.id(), b);
            if (b.printed()) {
              failovers.increment();
              return backup.id();
            }
            return null;
          });
    });
  }

  private final Map<String, Counter> attempts = new HashMap<>();

  private void count(String printerId, Outcome o) {
    attempts.computeIfAbsent(printerId + "/" + o, k -> Counter.builder("possync.print.jobs")
        .description("Print attempts by printer and outcome").tag("printer", printerId)
        .tag("result", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry)).increment();
  }
}
