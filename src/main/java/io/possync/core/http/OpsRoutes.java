package io.possync.core.http;

import io.possync.core.metrics.Metrics;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/** /health (the process answers), /ready (its dependencies answer) and /metrics (Prometheus text), on both roles. */
public final class OpsRoutes {

  private OpsRoutes() {
  }

  public static void mount(Router router, Supplier<Future<Void>> readiness) {
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "up")));
    router.get("/ready").handler(ctx -> readiness.get()
        .onSuccess(v -> ctx.json(new JsonObject().put("status", "ready")))
        .onFailure(err -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end(new JsonObject().put(Wire.ERROR, "not_ready").put(Wire.MESSAGE, err.getMessage()).encode())));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(Metrics.registry().scrape()));
  }
}
