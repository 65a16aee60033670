package io.possync.host.lan;

import io.possync.core.http.Cors;
import io.possync.core.http.HttpErrors;
import io.possync.core.http.PosPage;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.http.OpsRoutes;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.possync.host.sync.HostState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.UUID;

/**
 * The host's LAN endpoint: {@code /api/host/status} (no token: it holds no secret), {@code /ready} (200 once a config
 * snapshot is loaded, from the cache or the cloud), {@code /health} and {@code /metrics}. Workstation routes join here
 * with the service controllers, and the POS page is served at {@code /} (CORS lets a page served by the cloud call
 * the POS API, {@code /health} and the status here).
 */
public class HostLanVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final String certPath;
  private final String keyPath;
  private final UUID propertyId;
  private final ConfigLoader loader;
  private final HostState state;
  private final java.util.function.Consumer<Router> controllers;
  private final java.util.function.IntSupplier printJobsQueued;
  private HttpServer server;

  /** @param controllers mounts the service controllers' routes (the workstation API, KDS sockets) */
  public HostLanVerticle(String host, int port, String certPath, String keyPath, UUID propertyId, ConfigLoader loader,
                         HostState state, java.util.function.Consumer<Router> controllers,
                         java.util.function.IntSupplier printJobsQueued) {
    this.controllers = controllers;
    this.printJobsQueued = printJobsQueued;
    this.host = host;
    this.port = port;
    this.certPath = certPath;
    this.keyPath = keyPath;
    this.propertyId = propertyId;
    this.loader = loader;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    Cors.mount(router); // first: a preflight is answered before any route sees it
    OpsRoutes.mount(router, () -> loader.current() != null ? Future.succeededFuture()
        : Future.failedFuture(new PossyncException(ErrorCode.NOT_READY, "no configuration yet: waiting for the first sync")));
    router.get("/api/host/status").handler(ctx -> ctx.json(status()));
    controllers.accept(router);
    PosPage.mount(router, "/"); // last: it serves only what no route above answers
    HttpErrors.install(router);
    // HTTP/1.1 only on plain HTTP: no h2c upgrade (a client asking for one gets HTTP/1.1; hangs were seen with it)
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false);
    if (certPath != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath));
    }
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen();
  }

  public JsonObject status() {
    ConfigSnapshot s = loader.current();
    return new JsonObject()
        .put(Wire.PROPERTY_ID, propertyId.toString())
        .put("appliedVersion", s == null ? null : s.version())
        .put(Wire.EPOCH, s == null ? null : s.epoch())
        .put("lastSyncAt", s == null ? null : s.lastSyncAt().toString())
        .put("lastFullSyncAt", s == null || s.lastFullSyncAt() == null ? null : s.lastFullSyncAt().toString())
        .put("syncStatus", state.syncStatus())
        .put("cloudReachable", state.cloudReachable())
        .put("pendingTransactions", state.pendingTransactions())
        .put("checksMerged", state.checksMerged())
        .put("lastError", state.lastError())
        .put("printJobsQueued", printJobsQueued.getAsInt());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
