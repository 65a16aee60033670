package io.possync.cloud;

import io.micrometer.core.instrument.Counter;
import io.possync.core.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.logging.Logger;

/** Prunes service_host_metrics rows older than the retention (thousands of hosts write one every 30 s each). */
public class MetricsRetentionVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(MetricsRetentionVerticle.class.getName());

  private final Pool pool;
  private final int retentionDays;
  private final long intervalMs;
  private final Counter pruned = Counter.builder(Metrics.METRICS_PRUNED).register(Metrics.registry());

  public MetricsRetentionVerticle(Pool pool, int retentionDays, long intervalMs) {
    this.pool = pool;
    this.retentionDays = retentionDays;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(intervalMs, intervalMs, id -> prune());
    return Future.succeededFuture();
  }

  public Future<Integer> prune() {
    return pool.preparedQuery("DELETE FROM service_host_metrics WHERE recorded_at < now() - make_interval(days => $1)")
        .execute(Tuple.of(retentionDays))
        .map(r -> {
          pruned.increment(r.rowCount());
          return r.rowCount();
        })
        .onFailure(err -> LOG.warning("pruning host metrics failed (the table keeps growing until it succeeds; "
            + "check the database): " + err.getMessage()));
  }
}
