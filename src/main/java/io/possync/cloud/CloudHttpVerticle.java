package io.possync.cloud;

import io.possync.core.config.CloudConfig;
import io.possync.core.http.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

/** The cloud's HTTP endpoint: operations routes (/health, /ready, /metrics). */
public class CloudHttpVerticle extends VerticleBase {

  private final CloudConfig config;
  private final Pool pool;
  private HttpServer server;

  public CloudHttpVerticle(CloudConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, () -> pool.query("SELECT 1").execute().mapEmpty());
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.httpPort()));
    return server.requestHandler(router).listen();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
