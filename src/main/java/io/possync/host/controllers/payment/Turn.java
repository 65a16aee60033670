package io.possync.host.controllers.payment;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Runs operations one after another per key (the offline limit, a gift card), different keys side by side. */
final class Turn {

  private final Map<String, Future<?>> tails = new HashMap<>();

  <T> Future<T> run(String key, Supplier<Future<T>> op) {
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
}
