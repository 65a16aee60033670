package io.possync.host.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.possync.core.Addresses;
import io.possync.core.catalog.Catalog;
import io.possync.core.metrics.Metrics;
import io.possync.core.wire.Checksums;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The heartbeat client and sync coordinator (the seed's "Sync Manager"): full sync on first boot, after more than
 * {@code fullSyncAfterOfflineHours} offline, on an epoch change, on a 410 and on {@code sync:required}; a heartbeat
 * every {@code heartbeatSeconds}; a delta when the heartbeat (or a push) says the cloud is ahead; repair of the entity
 * types the cloud names. Calls that fail on the network are retried with exponential backoff and jitter, at most 5
 * times; then an alert is raised and the next heartbeat tries again. An invalid answer is logged, reported as
 * rejected in the next heartbeat, and never applied. One sync runs at a time; requests that arrive meanwhile are
 * folded into one follow-up.
 */
public class SyncManagerVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(SyncManagerVerticle.class.getName());
  static final int MAX_RETRIES = 5;

  private final CloudClient cloud;
  private final ConfigLoader loader;
  private final HostState state;
  private final Catalog catalog;
  private final Clock clock;
  private final long heartbeatMs;
  private final Duration offlineLimit;
  private final Backoff backoff;
  private final File dataDir;
  private final Supplier<Future<Integer>> pendingTransactions;
  private final io.possync.host.cache.TransactionQueue queue;
  private boolean uploading;

  private boolean syncing;
  private String pending; // "full" beats "delta"
  private boolean heartbeating;
  private boolean alerted;
  private Instant lastContact;

  private final Counter retries = Counter.builder(Metrics.HOST_RETRIES).register(Metrics.registry());
  private final Timer syncTimer = Timer.builder(Metrics.HOST_SYNC_DURATION).register(Metrics.registry());

  public SyncManagerVerticle(CloudClient cloud, ConfigLoader loader, HostState state, Catalog catalog, Clock clock,
                             long heartbeatMs, Duration offlineLimit, Backoff backoff, File dataDir,
                             Supplier<Future<Integer>> pendingTransactions,
                             io.possync.host.cache.TransactionQueue queue) {
    this.cloud = cloud;
    this.loader = loader;
    this.state = state;
    this.catalog = catalog;
    this.clock = clock;
    this.heartbeatMs = heartbeatMs;
    this.offlineLimit = offlineLimit;
    this.backoff = backoff;
    this.dataDir = dataDir;
    this.pendingTransactions = pendingTransactions;
    this.queue = queue;
  }

  @Override
  public Future<?> start() {
    Gauge.builder(Metrics.HOST_APPLIED_VERSION, loader, l -> l.current() == null ? 0 : l.current().version())
        .register(Metrics.registry());
    Gauge.builder(Metrics.HOST_CLOUD_REACHABLE, state, s -> s.cloudReachable() ? 1 : 0).register(Metrics.registry());
    vertx.eventBus().<JsonObject>consumer(Addresses.HOST_SYNC_REQUEST, m -> request(m.body().getString("kind"),
        m.body().getString("reason")));
    ConfigSnapshot s = loader.current();
    lastContact = s == null ? null : s.lastSyncAt();
    if (s == null) {
      request("full", "first_boot");
    } else if (Duration.between(s.lastSyncAt(), clock.instant()).compareTo(offlineLimit) > 0) {
      request("full", "offline_too_long");
    } else {
      request("delta", "start");
    }
    vertx.setPeriodic(heartbeatMs, heartbeatMs, id -> heartbeat());
    return Future.succeededFuture();
  }

  /** Asks for a sync; runs now, or after the one in progress. */
  public void request(String kind, String reason) {
    if (syncing) {
      pending = "full".equals(pending) || "full".equals(kind) ? "full" : "delta";
      return;
    }
    if (loader.current() == null) {
      kind = "full"; // nothing to apply a delta to
    }
    String k = kind;
    run(k, () -> k.equals("full") ? fullSync(reason) : deltaSync(reason));
  }

  /** Runs one sync operation; when it ends, the request that came meanwhile (if any) runs next. */
  private void run(String kind, Supplier<Future<Integer>> op) {
    syncing = true;
    status(HostState.SYNCING);
    long t0 = System.nanoTime();
    op.get().onComplete(ar -> {
      syncTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      Counter.builder(Metrics.HOST_SYNCS).tag("kind", kind).tag("result", ar.succeeded() ? "ok" : "failed")
          .register(Metrics.registry()).increment();
      syncing = false;
      status(ar.succeeded() ? HostState.SYNCED : HostState.ERROR);
      String next = pending;
      pending = null;
      if (next != null) {
        request(next, "queued");
      }
    });
  }

  private Future<Integer> fullSync(String reason) {
    LOG.info("full sync (" + reason + ")");
    return withRetry("full sync", cloud::full).compose(payload -> apply("full", payload, null));
  }

  private Future<Integer> deltaSync(String reason) {
    ConfigSnapshot s = loader.current();
    return withRetry("delta sync", () -> cloud.delta(s.version()))
        .compose(delta -> apply("delta", delta, null))
        .recover(err -> {
          if (err instanceof CloudClient.FullSyncRequiredException f) {
            LOG.info("the cloud asks for a full sync (" + f.reason + ")");
            return fullSync(f.reason);
          }
          if (err instanceof ReplyException r && r.failureCode() == 400 && r.getMessage().contains("epoch")) {
            return fullSync("epoch_changed");
          }
          return Future.failedFuture(err);
        });
  }

  private Future<Integer> repair(List<String> keys) {
    LOG.warning("the cloud's checksums differ for " + keys + ": repairing those entity types from a full snapshot");
    return withRetry("repair", cloud::full).compose(payload -> {
      ConfigSnapshot s = loader.current();
      boolean same = s != null && Integer.valueOf(s.version()).equals(payload.getInteger(Wire.VERSION));
      return same ? apply("repair", payload, keys) : apply("full", payload, null);
    });
  }

  /** The sync status word, for the LAN status and in sync_state (through the cache writer, its only writer). */
  private void status(String s) {
    if (!s.equals(state.syncStatus())) {
      state.syncStatus(s);
      vertx.eventBus().request(Addresses.HOST_CACHE_APPLY, new JsonObject().put("kind", "status").put("status", s));
    }
  }

  /** Hands a payload to the cache writer; a refusal is recorded for the next heartbeat. */
  private Future<Integer> apply(String kind, JsonObject payload, List<String> repairKeys) {
    JsonObject req = new JsonObject().put("kind", kind).put("payload", payload);
    if (repairKeys != null) {
      req.put("repair", new JsonArray(repairKeys));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.HOST_CACHE_APPLY, req,
            new DeliveryOptions().setSendTimeout(300_000))
        .map(m -> {
          int v = m.body().getInteger("version");
          state.rejected(null, null);
          state.lastError(null);
          return v;
        })
        .onFailure(err -> {
          if (err instanceof ReplyException r && r.failureCode() == 400) {
            Integer claimed = payload.getValue(kind.equals("delta") ? Wire.TO_VERSION : Wire.VERSION) instanceof Integer
                i ? i : null;
            state.rejected(claimed, r.getMessage());
            Counter.builder(Metrics.HOST_REJECTED).tag("kind", kind).register(Metrics.registry()).increment();
            LOG.warning("rejected a " + kind + " payload from the cloud (kept the configuration in force): "
                + r.getMessage());
          }
        });
  }

  /** Runs a cloud call, retrying network failures with backoff: at most {@link #MAX_RETRIES} retries. */
  <T> Future<T> withRetry(String what, Supplier<Future<T>> call) {
    Promise<T> p = Promise.promise();
    attempt(what, call, 0, p);
    return p.future();
  }

  private <T> void attempt(String what, Supplier<Future<T>> call, int n, Promise<T> p) {
    call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        contact(true);
        p.complete(ar.result());
        return;
      }
      Throwable err = ar.cause();
      if (err instanceof CloudClient.NetworkException) {
        contact(false);
        if (n < MAX_RETRIES) {
          retries.increment();
          long d = backoff.delay(n);
          vertx.setTimer(d, id -> attempt(what, call, n + 1, p));
          return;
        }
        alert(what, err);
      } else {
        contact(true);
        if (err instanceof CloudClient.InvalidResponseException) {
          state.rejected(null, err.getMessage());
          Counter.builder(Metrics.HOST_REJECTED).tag("kind", "response").register(Metrics.registry()).increment();
          LOG.warning(what + ": skipped an invalid answer from the cloud (will try again on the next heartbeat): "
              + err.getMessage());
        }
      }
      p.fail(err);
    });
  }

  private void contact(boolean ok) {
    state.cloudReachable(ok);
    if (ok) {
      Instant now = clock.instant();
      if (alerted) {
        alerted = false;
        LOG.info("the cloud at " + cloud.base() + " answers again");
      }
      Instant before = lastContact;
      lastContact = now;
      state.lastContactAt(now);
      if (before != null && Duration.between(before, now).compareTo(offlineLimit) > 0 && !syncing) {
        request("full", "offline_too_long");
      }
    }
  }

  private void alert(String what, Throwable err) {
    Counter.builder(Metrics.HOST_ALERTS).tag("alert", "cloud_unreachable").register(Metrics.registry()).increment();
    state.lastError(what + ": " + err.getMessage());
    if (!alerted) {
      alerted = true;
      LOG.severe(what + " failed " + (MAX_RETRIES + 1) + " times: cannot reach the cloud at " + cloud.base()
          + " (" + err.getMessage() + "). Check the store's internet connection and cloudUrl in the host conf. "
          + "The host keeps serving from its cache and tries again at every heartbeat.");
      vertx.eventBus().publish(Addresses.HOST_ALERT, new JsonObject().put("alert", "cloud_unreachable")
          .put("message", what + " failed: " + err.getMessage()));
    }
  }

  private void heartbeat() {
    if (heartbeating) {
      return;
    }
    heartbeating = true;
    pendingTransactions.get().recover(e -> Future.succeededFuture(0)).compose(pendingTx -> {
      state.pendingTransactions(pendingTx);
      ConfigSnapshot s = loader.current();
      JsonObject body = new JsonObject()
          .put("cpuPercent", cpuPercent())
          .put("memoryPercent", memoryPercent())
          .put("diskPercent", diskPercent())
          .put("connectionMode", state.cloudReachable() ? "online" : "offline")
          .put("pendingTransactions", pendingTx)
          .put("appliedVersion", s == null ? null : s.version())
          .put(Wire.EPOCH, s == null ? null : s.epoch())
          .put("lastRejectedVersion", state.lastRejectedVersion())
          .put("lastRejectedReason", state.lastRejectedReason())
          .put("lastError", state.lastError());
      if (s != null) {
        body.put("checksums", Checksums.toJson(s.checksums(catalog)));
      }
      return withRetry("heartbeat", () -> cloud.heartbeat(body));
    }).onComplete(ar -> {
      heartbeating = false;
      if (ar.failed()) {
        return;
      }
      JsonObject a = ar.result();
      if (state.pendingTransactions() > 0) {
        upload();
      }
      switch (String.valueOf(a.getString("sync"))) {
        case "full" -> request("full", a.getString(Wire.REASON));
        case "delta" -> request("delta", a.getString(Wire.REASON));
        case "repair" -> {
          if (!syncing) {
            List<String> keys = a.getJsonArray("repair").stream().map(String::valueOf).toList();
            run("repair", () -> repair(keys));
          }
        }
        default -> {
        }
      }
    });
  }

  /** Sends queued offline transactions to the cloud (service host wins for transaction data). */
  private void upload() {
    if (uploading) {
      return;
    }
    uploading = true;
    queue.pending(500).compose(batch -> batch.isEmpty() ? Future.succeededFuture()
            : withRetry("transaction upload", () -> cloud.uploadTransactions(batch))
                .compose(answer -> queue.markUploaded(answer.getJsonArray("accepted").stream().map(String::valueOf)
                    .toList())))
        .compose(v -> pendingTransactions.get())
        .onSuccess(state::pendingTransactions)
        .onComplete(ar -> uploading = false);
  }

  private static double cpuPercent() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return load < 0 ? 0 : Math.min(100, Math.round(load / os.getAvailableProcessors() * 1000) / 10.0);
  }

  private static double memoryPercent() {
    Runtime r = Runtime.getRuntime();
    return Math.round((r.totalMemory() - r.freeMemory()) * 1000.0 / r.maxMemory()) / 10.0;
  }

  private double diskPercent() {
    long total = dataDir.getTotalSpace();
    return total == 0 ? 0 : Math.round((total - dataDir.getUsableSpace()) * 1000.0 / total) / 10.0;
  }
}
