package io.possync.core.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** The process's Prometheus registry, served at /metrics, and every metric name, in one place. */
public final class Metrics {

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

  // GREEN mode: the check exchange between host and cloud
  public static final String CHECK_EXCHANGES = "possync.host.check.exchanges";
  public static final String CHECKS_UNMERGED = "possync.host.checks.unmerged";
  public static final String CHECKS_MERGED = "possync.cloud.checks.merged";

  // Both roles: HTTP
  public static final String HTTP_REQUESTS = "possync.http.requests";

  private Metrics() {
  }

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    r.config().meterFilter(describe());
    new JvmMemoryMetrics().bindTo(r);
    new JvmThreadMetrics().bindTo(r);
    new JvmGcMetrics().bindTo(r);
    new ProcessorMetrics().bindTo(r);
    new UptimeMetrics().bindTo(r);
    return r;
  }

  /**
   * What each metric counts, in words: the HELP line on /metrics. A description given where a meter is registered
   * wins; {@link #create()} applies these to meters registered without one.
   */
  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(COMPACTION_RUNS, "Change log compaction runs"),
      Map.entry(COMPACTION_REMOVED, "Superseded changes and old tombstones removed from the change log by compaction"),
      Map.entry(COMPACTION_FAILURES, "Change log compaction runs that failed (the log says why)"),
      Map.entry(COMPACTION_DURATION, "How long a change log compaction run takes"),
      Map.entry(FULL_SYNC_SERVED, "Full sync answers served to hosts, by result: built, cached or not_modified"),
      Map.entry(FULL_SYNC_BUILDS, "Full snapshots built from the database (not served from the snapshot cache)"),
      Map.entry(DELTA_SERVED, "Delta sync answers served to hosts"),
      Map.entry(FULL_SYNC_REQUIRED, "Delta requests answered 410 full_sync_required, by reason"),
      Map.entry(HEARTBEATS, "Host heartbeats received, by the sync the answer asks for (none, delta, full, repair)"),
      Map.entry(HEARTBEAT_DURATION, "How long the cloud takes to answer a heartbeat"),
      Map.entry(TRANSACTIONS_RECEIVED, "Offline transactions received from hosts, by result"),
      Map.entry(BUSY_REJECTIONS, "Requests answered 429 because too many full snapshots were being built at once"),
      Map.entry(PUSH_CONNECTIONS, "Host WebSocket push connections open on this node"),
      Map.entry(PUSH_FRAMES, "Push frames sent to hosts over WebSocket"),
      Map.entry(PUSH_REAPED, "Push sockets closed because they stayed silent for three pings"),
      Map.entry(PUSH_LISTENER_UP, "1 while this node's PostgreSQL LISTEN connection for config changes is up, else 0"),
      Map.entry(SNAPSHOT_CACHE_BYTES, "Bytes of full snapshots held in this node's snapshot cache"),
      Map.entry(METRICS_PRUNED, "Host health metric rows deleted after the retention period"),
      Map.entry(HOST_SYNCS, "Syncs this host ran, by kind (full, delta, repair) and result (ok, failed)"),
      Map.entry(HOST_SYNC_DURATION, "How long a sync of this host takes, from request to applied"),
      Map.entry(HOST_REJECTED, "Payloads from the cloud this host refused to apply, by kind"),
      Map.entry(HOST_ALERTS, "Alerts this host raised that a person must act on, by alert"),
      Map.entry(HOST_APPLIED_VERSION, "Configuration version applied in this host's cache"),
      Map.entry(HOST_CLOUD_REACHABLE, "1 while this host reaches the cloud, else 0"),
      Map.entry(HOST_PUSH_CONNECTED, "1 while this host's push channel to the cloud is open, else 0"),
      Map.entry(HOST_RETRIES, "Calls to the cloud this host retried after a network failure"),
      Map.entry(CHECK_EXCHANGES, "Check exchanges of this host with the cloud (GREEN mode's merge), by result"),
      Map.entry(CHECKS_UNMERGED, "Checks changed on this host that the cloud has not agreed to yet (after the last "
          + "exchange)"),
      Map.entry(CHECKS_MERGED, "Checks a host sent that this node merged, by outcome (new, same, host_continued, "
          + "cloud_continued, split, refused)"),
      Map.entry(HTTP_REQUESTS, "HTTP requests served, by route and status"));

  private static final PrometheusMeterRegistry REGISTRY = create(); // after DESCRIPTIONS: its filter reads them

  /** The HELP text of a metric name (null for one not listed). */
  public static String description(String name) {
    return DESCRIPTIONS.get(name);
  }

  /** Gives a meter registered without a description the one listed for its name. */
  static MeterFilter describe() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String listed = DESCRIPTIONS.get(id.getName());
        if (listed == null || id.getDescription() != null && !id.getDescription().isBlank()) {
          return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), listed, id.getType());
      }
    };
  }

  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }
}
