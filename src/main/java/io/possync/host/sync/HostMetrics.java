package io.possync.host.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.core.metrics.Metrics;
import io.possync.host.config.ConfigLoader;
import java.util.EnumMap;
import java.util.Map;

/** The host's sync metrics, each registered once here with its HELP text; the sync classes only count. */
public final class HostMetrics {

  /** What a rejected payload was. */
  public enum Rejected {
    FULL, DELTA, REPAIR, RESPONSE
  }

  /** Alerts a person must act on. */
  public enum Alert {
    CLOUD_UNREACHABLE("cloud_unreachable"), TOKEN_REFUSED("token_refused");

    public final String wireName;

    Alert(String wireName) {
      this.wireName = wireName;
    }
  }

  public final Counter retries;
  public final Timer syncDuration;
  private final Map<SyncPlan.Kind, Counter> syncsOk = new EnumMap<>(SyncPlan.Kind.class);
  private final Map<SyncPlan.Kind, Counter> syncsFailed = new EnumMap<>(SyncPlan.Kind.class);
  private final Map<Rejected, Counter> rejected = new EnumMap<>(Rejected.class);
  private final Map<Alert, Counter> alerts = new EnumMap<>(Alert.class);

  public HostMetrics(MeterRegistry registry, ConfigLoader loader, HostState state) {
    retries = Counter.builder(Metrics.HOST_RETRIES)
        .description("Cloud calls retried after a network failure (backoff with jitter)").register(registry);
    syncDuration = Timer.builder(Metrics.HOST_SYNC_DURATION)
        .description("Time of one sync (fetch from the cloud and apply to the cache)").register(registry);
    for (SyncPlan.Kind k : SyncPlan.Kind.values()) {
      syncsOk.put(k, Counter.builder(Metrics.HOST_SYNCS).tag("kind", k.wireName()).tag("result", "ok")
          .description("Syncs run by the host, by kind and result").register(registry));
      syncsFailed.put(k, Counter.builder(Metrics.HOST_SYNCS).tag("kind", k.wireName()).tag("result", "failed")
          .description("Syncs run by the host, by kind and result").register(registry));
    }
    for (Rejected r : Rejected.values()) {
      rejected.put(r, Counter.builder(Metrics.HOST_REJECTED).tag("kind", r.name().toLowerCase(java.util.Locale.ROOT))
          .description("Payloads or answers from the cloud the host refused to apply (configuration kept)")
          .register(registry));
    }
    for (Alert a : Alert.values()) {
      alerts.put(a, Counter.builder(Metrics.HOST_ALERTS).tag("alert", a.wireName)
          .description("Alerts raised that a person must act on (cloud unreachable, token refused)")
          .register(registry));
    }
    Gauge.builder(Metrics.HOST_APPLIED_VERSION, loader, l -> l.current() == null ? 0 : l.current().version())
        .description("Configuration version applied in the host's cache").register(registry);
    Gauge.builder(Metrics.HOST_CLOUD_REACHABLE, state, s -> s.cloudReachable() ? 1 : 0)
        .description("1 when the last call to the cloud got an answer").register(registry);
  }

  public void sync(SyncPlan.Kind kind, boolean ok) {
    (ok ? syncsOk : syncsFailed).get(kind).increment();
  }

  public void rejected(Rejected kind) {
    rejected.get(kind).increment();
  }

  public void alert(Alert a) {
    alerts.get(a).increment();
  }
}
