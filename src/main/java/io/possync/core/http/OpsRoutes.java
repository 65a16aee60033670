package io.possync.core.http;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/** /health (the process answers), /ready (its dependencies answer) and /metrics (Prometheus text), on both roles. */
public final class OpsRoutes {

  public static final String STATUS = "status";

  private OpsRoutes() {
  }

  public static void mount(Router router, Supplier<Future<Void>> readiness) {
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put(STATUS, "up")));
    router.get("/ready").handler(ctx -> readiness.get()
        .onSuccess(v -> ctx.json(new JsonObject().put(STATUS, "ready")))
        .onFailure(err -> HttpErrors.send(ctx.response(), new PossyncException(ErrorCode.NOT_READY,
            err.getMessage() == null ? "not ready" : err.getMessage()))));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(Metrics.registry().scrape()));
  }
}
