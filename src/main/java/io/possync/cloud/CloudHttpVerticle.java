package io.possync.cloud;

import io.possync.cloud.push.PushConnections;
import io.possync.cloud.sync.HostAuth;
import io.possync.cloud.sync.SyncRoutes;
import io.possync.core.config.CloudConfig;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.possync.core.http.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * The cloud's HTTP(S) endpoint: the sync API, the EMC admin API, the push WebSocket and the operations routes. One
 * instance per event loop; they share a port and the {@link CloudServices}. Each instance keeps the push sockets
 * it accepted.
 */
public class CloudHttpVerticle extends VerticleBase {

  public static final String PUSH_PATH = "/ws/service-host";
  public static final String ADMIN_PATHS = "/api/admin/*";
  /** An admin write is one row (or a host registration): 1 MB is plenty. */
  public static final int ADMIN_MAX_BYTES = 1024 * 1024;
  /** Any other route takes no body worth having. */
  public static final int OTHER_MAX_BYTES = 16 * 1024;

  private final CloudServices services;
  private final int port;
  private PushConnections push;
  private HttpServer server;

  /** @param port the port to listen on (0: any free one) */
  public CloudHttpVerticle(CloudServices services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    CloudConfig config = services.config;
    push = new PushConnections(vertx, services.auth, config.pushPingSeconds() * 1000L,
        config.pushPingSeconds() * 3000L);
    push.start();

    Router router = Router.router(vertx);
    // The push socket: the token is checked before the upgrade (401 refuses it). The request is paused while the
    // token is looked up, so the upgrade can still be made afterwards. A request that asks for no WebSocket is 400.
    router.get(PUSH_PATH).handler(ctx -> {
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        HttpErrors.fail(ctx, PossyncException.invalid(PUSH_PATH + " is a WebSocket: send \"Upgrade: websocket\""));
        return;
      }
      String token;
      try {
        token = HostAuth.bearer(ctx.request());
      } catch (PossyncException e) {
        HttpErrors.fail(ctx, e);
        return;
      }
      ctx.request().pause();
      services.auth.authenticate(token)
          .compose(host -> ctx.request().toWebSocket().onSuccess(ws -> push.add(host, Tokens.sha256Hex(token), ws)))
          .onFailure(err -> {
            ctx.request().resume();
            HttpErrors.fail(ctx, err);
          });
    });
    // Bodies are read with a limit that fits each route group (413 beyond); maxRequestBytes is the ceiling of all.
    router.route(ADMIN_PATHS).handler(SyncRoutes.bodyLimit(ADMIN_MAX_BYTES, config.maxRequestBytes()));
    services.sync.mount(router, config.maxRequestBytes());
    router.route().handler(SyncRoutes.bodyLimit(OTHER_MAX_BYTES, config.maxRequestBytes()));
    OpsRoutes.mount(router, () -> services.db.pool().query("SELECT 1").execute().mapEmpty());
    services.admin.mount(router);
    HttpErrors.install(router, services.health::translate);

    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
        .setMaxWebSocketFrameSize(65536).setIdleTimeout(0);
    if (config.tlsEnabled()) {
      options.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCertPath()).setKeyPath(config.tlsKeyPath()))
          .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));
    }
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen();
  }

  @Override
  public Future<?> stop() {
    push.stop();
    return Future.succeededFuture();
  }

  public int actualPort() {
    return server.actualPort();
  }

}
