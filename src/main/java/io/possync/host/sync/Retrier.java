package io.possync.host.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a cloud call, retrying network failures with exponential backoff and jitter, at most {@link #MAX_RETRIES}
 * times; then the cloud-unreachable alert. A refused token is not retried (nothing changes until a person acts); an
 * invalid answer is reported and skipped. Each outcome is told to the {@link CloudLink}.
 */
public final class Retrier {

  private static final Logger LOG = Logger.getLogger(Retrier.class.getName());
  public static final int MAX_RETRIES = 5;

  private final Vertx vertx;
  private final Backoff backoff;
  private final HostMetrics metrics;
  private final CloudLink link;
  private final HostState state;

  public Retrier(Vertx vertx, Backoff backoff, HostMetrics metrics, CloudLink link, HostState state) {
    this.vertx = vertx;
    this.backoff = backoff;
    this.metrics = metrics;
    this.link = link;
    this.state = state;
  }

  public <T> Future<T> call(String what, Supplier<Future<T>> call) {
    Promise<T> p = Promise.promise();
    attempt(what, call, 0, p);
    return p.future();
  }

  private <T> void attempt(String what, Supplier<Future<T>> call, int n, Promise<T> p) {
    call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        link.reached();
        p.complete(ar.result());
        return;
      }
      Throwable err = ar.cause();
      if (err instanceof CloudClient.NetworkException) {
        link.failed();
        if (n < MAX_RETRIES) {
          metrics.retries.increment();
          vertx.setTimer(backoff.delay(n), id -> attempt(what, call, n + 1, p));
          return;
        }
        link.unreachable(what, err);
      } else if (err instanceof CloudClient.AuthRefusedException refused) {
        link.refused(what, refused);
      } else {
        link.reached();
        if (err instanceof CloudClient.InvalidResponseException) {
          state.rejected(null, err.getMessage());
          metrics.rejected(HostMetrics.Rejected.RESPONSE);
          LOG.warning(what + ": skipped an invalid answer from the cloud (will try again on the next heartbeat): "
              + err.getMessage());
        }
      }
      p.fail(err);
    });
  }
}
