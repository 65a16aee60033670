package io.possync.core.http;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** /health (the process answers), /ready (its dependencies answer) and /metrics (Prometheus text), on both roles. */
public final class OpsRoutes {

  public static final String STATUS = "status";
  private static final Logger LOG = Logger.getLogger(OpsRoutes.class.getName());

  private OpsRoutes() {
  }

  /** Longest a readiness check may take before /ready answers 503. */
  static final long READY_TIMEOUT_SECONDS = 5;

  public static void mount(Router router, Supplier<Future<Void>> readiness) {
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put(STATUS, "up")));
    // A readiness failure that is a domain failure says why in words meant for anyone; any other (a driver's
    // exception) is not shown to unauthenticated callers: a fixed message, and its detail logged once per outage.
    AtomicBoolean reported = new AtomicBoolean();
    // A dependency that does not answer at all (a pool waiting for a connection) is "not ready" within seconds,
    // never a request that hangs.
    router.get("/ready").handler(ctx -> readiness.get().timeout(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onSuccess(v -> {
          reported.set(false);
          ctx.json(new JsonObject().put(STATUS, "ready"));
        })
        .onFailure(err -> {
          if (err instanceof PossyncException p) {
            HttpErrors.send(ctx.response(), new PossyncException(ErrorCode.NOT_READY, p.getMessage()));
            return;
          }
          if (reported.compareAndSet(false, true)) {
            LOG.warning("not ready: " + err);
          }
          HttpErrors.send(ctx.response(), new PossyncException(ErrorCode.NOT_READY,
              "not ready: a dependency does not answer; the log has the details"));
        }));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(Metrics.registry().scrape()));
  }
}
