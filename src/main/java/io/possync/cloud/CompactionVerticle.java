package io.possync.cloud;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.possync.cloud.store.Compactor;
import io.possync.core.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.logging.Logger;

/** Runs {@link Compactor} over every property on a timer. Several cloud nodes may run it: each pass is idempotent. */
public class CompactionVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(CompactionVerticle.class.getName());

  private final Pool pool;
  private final Compactor compactor;
  private final long intervalMs;
  private final Counter runs = Counter.builder(Metrics.COMPACTION_RUNS).register(Metrics.registry());
  private final Counter removed = Counter.builder(Metrics.COMPACTION_REMOVED).register(Metrics.registry());
  private final Counter failures = Counter.builder(Metrics.COMPACTION_FAILURES).register(Metrics.registry());
  private final Timer duration = Timer.builder(Metrics.COMPACTION_DURATION).register(Metrics.registry());
  private boolean running;

  public CompactionVerticle(Pool pool, Compactor compactor, long intervalMs) {
    this.pool = pool;
    this.compactor = compactor;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(intervalMs, intervalMs, id -> runOnce());
    return Future.succeededFuture();
  }

  /** One pass; a pass still running when the timer fires again is not doubled. */
  Future<Void> runOnce() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    long start = System.nanoTime();
    return compactor.compactAll(pool)
        .onSuccess(results -> {
          runs.increment();
          long n = results.stream().mapToLong(Compactor.Result::removed).sum();
          removed.increment(n);
          if (n > 0) {
            LOG.info("compaction removed " + n + " superseded changes across " + results.size() + " properties");
          }
        })
        .onFailure(err -> {
          failures.increment();
          LOG.warning("compaction failed (the change log keeps growing until it succeeds; check the database): "
              + err.getMessage());
        })
        .eventually(() -> {
          running = false;
          duration.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          return Future.succeededFuture();
        })
        .mapEmpty();
  }
}
