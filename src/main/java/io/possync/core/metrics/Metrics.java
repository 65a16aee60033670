package io.possync.core.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process's Prometheus registry, served at /metrics, and every metric name, in one place. */
public final class Metrics {

  private static final PrometheusMeterRegistry REGISTRY = create();

  // Cloud: change log compaction
  public static final String COMPACTION_RUNS = "possync.compaction.runs";
  public static final String COMPACTION_REMOVED = "possync.compaction.removed.changes";
  public static final String COMPACTION_FAILURES = "possync.compaction.failures";
  public static final String COMPACTION_DURATION = "possync.compaction.duration";

  // Both roles: HTTP
  public static final String HTTP_REQUESTS = "possync.http.requests";

  private Metrics() {
  }

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    return r;
  }

  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }
}
