package io.possync.host.sync;

import io.possync.core.catalog.Catalog;
import io.possync.core.wire.Heartbeat;
import io.possync.core.wire.HeartbeatAnswer;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The heartbeat: builds a {@link Heartbeat} from what the host has applied and how it fares, sends it, and hands the
 * cloud's {@link HeartbeatAnswer} on. One heartbeat at a time: asked for while one is under way, another follows it
 * (so one asked for right after an apply reports that apply).
 */
public final class HeartbeatReporter {

  private final Vertx vertx;
  private final CloudClient cloud;
  private final Retrier retrier;
  private final ConfigLoader loader;
  private final HostState state;
  private final Catalog catalog;
  private final File dataDir;
  private final Supplier<Future<Integer>> pendingTransactions;
  private Consumer<HeartbeatAnswer> onAnswer = a -> { };
  private boolean inFlight;
  private boolean again;

  public HeartbeatReporter(Vertx vertx, CloudClient cloud, Retrier retrier, ConfigLoader loader, HostState state, Catalog catalog,
                           File dataDir, Supplier<Future<Integer>> pendingTransactions) {
    this.vertx = vertx;
    this.cloud = cloud;
    this.retrier = retrier;
    this.loader = loader;
    this.state = state;
    this.catalog = catalog;
    this.dataDir = dataDir;
    this.pendingTransactions = pendingTransactions;
  }

  /** Where the cloud's answers go (the sync manager). */
  public void onAnswer(Consumer<HeartbeatAnswer> c) {
    onAnswer = c;
  }

  /** Sends a heartbeat now, or right after the one under way. */
  public void beat() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    pendingTransactions.get().recover(e -> Future.succeededFuture(0))
        .compose(pending -> {
          state.pendingTransactions(pending);
          // The checksums hash every row once per applied version: worker thread, not the event loop.
          return vertx.executeBlocking(() -> build(pending).toJson(), false);
        })
        .compose(body -> retrier.call("heartbeat", () -> cloud.heartbeat(body)))
        .compose(json -> {
          try {
            return Future.succeededFuture(HeartbeatAnswer.fromJson(json));
          } catch (IllegalArgumentException e) {
            return Future.failedFuture(new CloudClient.InvalidResponseException(e.getMessage()));
          }
        })
        .onComplete(ar -> {
          inFlight = false;
          if (ar.succeeded()) {
            onAnswer.accept(ar.result());
          }
          if (again) {
            again = false;
            beat();
          }
        });
  }

  Heartbeat build(int pending) {
    ConfigSnapshot s = loader.current();
    return new Heartbeat(s == null ? null : s.version(), s == null ? null : s.epoch(), cpuPercent(), memoryPercent(),
        diskPercent(), state.cloudReachable() ? Heartbeat.ONLINE : Heartbeat.OFFLINE, pending,
        state.lastRejectedVersion(), state.lastRejectedReason(), state.lastError(),
        s == null ? null : s.checksums(catalog));
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
