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

  // Cloud: sync API and push hub
  public static final String FULL_SYNC_SERVED = "possync.sync.full.served";
  public static final String FULL_SYNC_BUILDS = "possync.sync.full.builds";
  public static final String DELTA_SERVED = "possync.sync.delta.served";
  public static final String FULL_SYNC_REQUIRED = "possync.sync.full.required";
  public static final String HEARTBEATS = "possync.heartbeats";
  public static final String HEARTBEAT_DURATION = "possync.heartbeat.duration";
  public static final String TRANSACTIONS_RECEIVED = "possync.transactions.received";
  public static final String BUSY_REJECTIONS = "possync.sync.busy.rejections";
  public static final String PUSH_CONNECTIONS = "possync.push.connections";
  public static final String PUSH_FRAMES = "possync.push.frames";
  public static final String PUSH_REAPED = "possync.push.reaped";
  public static final String PUSH_LISTENER_UP = "possync.push.listener.up";
  public static final String SNAPSHOT_CACHE_BYTES = "possync.snapshot.cache.bytes";
  public static final String METRICS_PRUNED = "possync.host.metrics.pruned";

  // Host: sync manager and cache
  public static final String HOST_SYNCS = "possync.host.syncs";
  public static final String HOST_SYNC_DURATION = "possync.host.sync.duration";
  public static final String HOST_REJECTED = "possync.host.rejected.payloads";
  public static final String HOST_ALERTS = "possync.host.alerts";
  public static final String HOST_APPLIED_VERSION = "possync.host.applied.version";
  public static final String HOST_CLOUD_REACHABLE = "possync.host.cloud.reachable";
  public static final String HOST_PUSH_CONNECTED = "possync.host.push.connected";
  public static final String HOST_RETRIES = "possync.host.retries";

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
