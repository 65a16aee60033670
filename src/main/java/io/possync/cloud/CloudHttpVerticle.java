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
import io.vertx.core.http.HttpServerRequest;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.possync.cloud.admin.AdminRoutes;
import java.util.Arrays;
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
  /** The only WebSocket protocol version there is (RFC 6455). */
  private static final String WEBSOCKET_VERSION = "13";
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
    io.possync.core.http.Cors.mount(router); // first: a preflight is answered before any route sees it
    // The push socket: the token is checked before the upgrade (401 refuses it). The request is paused while the
    // token is looked up, so the upgrade can still be made afterwards. A request that is no WebSocket handshake
    // (RFC 6455 section 4.2.1) is 400, checked before anything else.
    router.get(PUSH_PATH).handler(ctx -> {
      String problem = handshakeProblem(ctx.request());
      if (problem != null) {
        HttpErrors.fail(ctx, PossyncException.invalid(PUSH_PATH + " is a WebSocket: " + problem));
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
            if (err instanceof WebSocketHandshakeException) { // a handshake the checks above let through: bad input
              if (!ctx.response().headWritten()) {
                HttpErrors.fail(ctx, PossyncException.invalid(PUSH_PATH + " is a WebSocket: the handshake is "
                    + "malformed"));
              }
              return;
            }
            HttpErrors.fail(ctx, err);
          });
    });
    // Bodies are read with a limit that fits each route group (413 beyond); maxRequestBytes is the ceiling of all.
    // An admin body is read only once the caller is authorized.
    router.route(AdminRoutes.PATHS).handler(services.admin::authorize);
    router.route(AdminRoutes.PATHS).handler(SyncRoutes.bodyLimit(ADMIN_MAX_BYTES, config.maxRequestBytes()));
    services.sync.mount(router, config.maxRequestBytes());
    services.pos.mount(router); // reads its bodies with its own limit (PosRoutes.MAX_BODY)
    services.checkExchange.mount(router, config.maxRequestBytes());
    router.route().handler(SyncRoutes.bodyLimit(OTHER_MAX_BYTES, config.maxRequestBytes()));
    OpsRoutes.mount(router, () -> services.db.pool().query("SELECT 1").execute().<Void>mapEmpty().recover(err -> {
      PossyncException known = services.health.translate(err);
      return Future.failedFuture(known == null ? err : known);
    }));
    services.admin.mount(router);
    io.possync.core.http.PosPage.mount(router, "/pos/"); // last: it serves only what no route above answers
    HttpErrors.install(router, services.health::translate);

    // HTTP/1.1 only on plain HTTP: no h2c upgrade (a client asking for one gets HTTP/1.1; hangs were seen with it)
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
        .setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(65536).setIdleTimeout(0);
    if (config.tlsEnabled()) {
      options.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCertPath()).setKeyPath(config.tlsKeyPath()))
          .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));
    }
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).listen();
  }

  /** What makes the request no WebSocket opening handshake, or null when it is one. */
  static String handshakeProblem(HttpServerRequest req) {
    if (!"websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE))) {
      return "send \"Upgrade: websocket\"";
    }
    String connection = req.getHeader(HttpHeaders.CONNECTION);
    if (connection == null || Arrays.stream(connection.split(",")).noneMatch(t -> t.trim().equalsIgnoreCase("upgrade"))) {
      return "send \"Connection: Upgrade\"";
    }
    String key = req.getHeader("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      return "send a \"Sec-WebSocket-Key\"";
    }
    if (!WEBSOCKET_VERSION.equals(req.getHeader("Sec-WebSocket-Version"))) {
      return "send \"Sec-WebSocket-Version: " + WEBSOCKET_VERSION + "\"";
    }
    return null;
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
