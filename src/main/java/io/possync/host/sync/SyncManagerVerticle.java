package io.possync.host.sync;

import io.possync.core.Addresses;
import io.possync.core.wire.ApplyResult;
import io.possync.core.wire.HeartbeatAnswer;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The seed's "Sync Manager", wired on one event loop: the first sync at start ({@link SyncPlan#atStart}), a heartbeat
 * every {@code heartbeatSeconds} and one right after every apply (so the cloud's view of the host is current), syncs
 * asked for by heartbeat answers and push frames ({@link SyncScheduler}), and the upload of queued transactions.
 * The work is in {@link SyncRunner}, {@link HeartbeatReporter}, {@link TransactionUploader} and {@link Retrier}.
 */
public class SyncManagerVerticle extends VerticleBase {

  /** The parts, built by the host runtime. */
  public record Parts(ConfigLoader loader, HostState state, HostMetrics metrics, CloudLink link, SyncRunner runner,
                      HeartbeatReporter heartbeat, TransactionUploader uploader) {
  }

  private final Parts parts;
  private final Clock clock;
  private final long heartbeatMs;
  private final Duration offlineLimit;
  private SyncScheduler scheduler;
  private HeartbeatReporter heartbeat;
  private String recordedStatus;
  private long syncStartedAt;
  private Integer versionBefore;

  public SyncManagerVerticle(Parts parts, Clock clock, long heartbeatMs, Duration offlineLimit) {
    this.parts = parts;
    this.clock = clock;
    this.heartbeatMs = heartbeatMs;
    this.offlineLimit = offlineLimit;
  }

  @Override
  public Future<?> start() {
    HostState state = parts.state();
    recordedStatus = state.syncStatus();
    scheduler = new SyncScheduler(parts.runner()::run, () -> parts.loader().current() != null,
        new SyncScheduler.Listener() {
          @Override
          public void started(SyncPlan.Request r) {
            syncStartedAt = System.nanoTime();
            ConfigSnapshot s = parts.loader().current();
            versionBefore = s == null ? null : s.version();
            state.syncing(true);
            statusChanged();
          }

          @Override
          public void finished(SyncPlan.Request r, AsyncResult<ApplyResult> ar) {
            finishedSync(r, ar);
          }
        });
    heartbeat = parts.heartbeat();
    heartbeat.onAnswer(this::answered);
    parts.link().onBackAfterLongSilence(() -> scheduler.request(SyncPlan.Request.full("offline_too_long")));
    parts.link().onStatusChanged(this::statusChanged);
    vertx.eventBus().<JsonObject>consumer(Addresses.HOST_SYNC_REQUEST,
        m -> scheduler.request(SyncPlan.Request.fromJson(m.body())));
    // A check was closed: post it now when the cloud answers (else the heartbeat after it returns does).
    vertx.eventBus().localConsumer(Addresses.HOST_UPLOAD, m -> {
      parts.state().pendingTransactions(parts.state().pendingTransactions() + 1);
      if (parts.state().cloudReachable()) {
        parts.uploader().upload();
      }
    });
    ConfigSnapshot s = parts.loader().current();
    state.lastContactAt(s == null ? null : s.lastSyncAt());
    scheduler.request(SyncPlan.atStart(s == null ? null : s.lastSyncAt(), clock.instant(), offlineLimit));
    vertx.setPeriodic(heartbeatMs, heartbeatMs, id -> heartbeat.beat());
    return Future.succeededFuture();
  }

  private void finishedSync(SyncPlan.Request r, AsyncResult<ApplyResult> ar) {
    boolean ok = ar.succeeded() && ar.result().ok();
    parts.metrics().syncDuration.record(System.nanoTime() - syncStartedAt, TimeUnit.NANOSECONDS);
    parts.metrics().sync(r.kind(), ok);
    parts.state().syncing(false);
    if (!ok && parts.state().lastError() == null) {
      // the status word turns to error below: the LAN status says why with it, never "error" alone
      parts.state().lastError(r.kind() + " sync failed: " + (ar.failed() ? String.valueOf(ar.cause().getMessage())
          : ar.result().reason()));
    }
    parts.state().lastSyncFailed(!ok);
    statusChanged();
    if (ar.succeeded() && ar.result().outcome() == ApplyResult.Outcome.APPLIED
        && !java.util.Objects.equals(ar.result().version(), versionBefore)) {
      // The cloud's view of this host is current within a round trip of the apply. Only when the version moved:
      // a repair (same version) waits for the next heartbeat, so a checksum that keeps differing cannot loop.
      heartbeat.beat();
    }
  }

  private void answered(HeartbeatAnswer a) {
    // the cloud answers: exchange checks (what the cloud's push said may have been lost; the query is cheap)
    vertx.eventBus().publish(Addresses.HOST_CHECKS_EXCHANGE, null);
    if (parts.state().pendingTransactions() > 0) {
      parts.uploader().upload();
    }
    scheduler.request(SyncPlan.fromAnswer(a));
  }

  /** Keeps the status word in sync_state (through the cache writer, its only writer) when it changes. */
  private void statusChanged() {
    String word = parts.state().syncStatus();
    if (!word.equals(recordedStatus)) {
      recordedStatus = word;
      parts.runner().recordStatus(word);
    }
  }
}
