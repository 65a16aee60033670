package io.possync.core.caps;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs operations one after another per key (a check, an idempotency key, the offline card limit, a gift card), and
 * operations of different keys side by side. Thread-safe; holds an entry only while a key has work in flight.
 */
public final class Serial {

  private final Map<String, Future<?>> tails = new HashMap<>();

  public <T> Future<T> run(String key, Supplier<Future<T>> op) {
    Promise<T> p = Promise.promise();
    Future<?> before;
    synchronized (tails) {
      before = tails.get(key);
      tails.put(key, p.future());
    }
    Runnable start = () -> {
      Future<T> f;
      try {
        f = op.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        synchronized (tails) {
          tails.remove(key, p.future());
        }
        p.handle(ar);
      });
    };
    if (before == null) {
      start.run();
    } else {
      before.onComplete(ar -> start.run());
    }
    return p.future();
  }

  /** Keys with work in flight (for tests and metrics). */
  public int inFlight() {
    synchronized (tails) {
      return tails.size();
    }
  }
}
