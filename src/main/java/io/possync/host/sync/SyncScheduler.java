package io.possync.host.sync;

import io.possync.core.wire.ApplyResult;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Decides which sync runs next: one at a time; requests that arrive meanwhile fold into one follow-up
 * ({@link SyncPlan#fold}); a request that needs a cache there is not becomes a full sync ({@link SyncPlan#runnable}).
 * Runs on the sync manager's event loop.
 */
public final class SyncScheduler {

  /** Told when a sync starts and ends. */
  public interface Listener {
    void started(SyncPlan.Request r);

    void finished(SyncPlan.Request r, AsyncResult<ApplyResult> result);
  }

  private final Function<SyncPlan.Request, Future<ApplyResult>> runner;
  private final BooleanSupplier hasCache;
  private final Listener listener;
  private boolean running;
  private SyncPlan.Request pending;

  public SyncScheduler(Function<SyncPlan.Request, Future<ApplyResult>> runner, BooleanSupplier hasCache,
                       Listener listener) {
    this.runner = runner;
    this.hasCache = hasCache;
    this.listener = listener;
  }

  /** Runs the request now, or folds it into the one that follows the sync under way. */
  public void request(SyncPlan.Request r) {
    if (r == null) {
      return;
    }
    if (running) {
      pending = SyncPlan.fold(pending, r);
      return;
    }
    SyncPlan.Request now = SyncPlan.runnable(r, hasCache.getAsBoolean());
    running = true;
    listener.started(now);
    runner.apply(now).onComplete(ar -> {
      running = false;
      listener.finished(now, ar);
      SyncPlan.Request next = pending;
      pending = null;
      request(next);
    });
  }

  public boolean running() {
    return running;
  }
}
