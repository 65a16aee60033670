package io.possync.host.controllers.kds;

import io.possync.core.auth.DeviceTokens;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.possync.core.pos.PosAuth;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /ws/kds}: a KDS device token (header or access_token), then the display's frames. */
public final class KdsRoutes {

  private final PosAuth auth;
  private final KdsHub hub;

  public KdsRoutes(PosAuth auth, KdsHub hub) {
    this.auth = auth;
    this.hub = hub;
  }

  public void mount(Router router) {
    router.get("/ws/kds").handler(this::socket);
  }

  private void socket(RoutingContext ctx) {
    ctx.request().pause(); // nothing of the upgrade may be read before the token is checked (it may take a moment)
    auth.device(PosAuth.token(ctx)).compose(device -> {
      if (!DeviceTokens.KDS.equals(device.deviceType())) {
        return Future.failedFuture(new PossyncException(ErrorCode.INVALID_TOKEN, "/ws/kds needs a KDS device token"));
      }
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        return Future.failedFuture(PossyncException.invalid("/ws/kds is a WebSocket: send Upgrade: websocket"));
      }
      return ctx.request().toWebSocket().map(ws -> {
        hub.connect(device.deviceId(), ws);
        return ws;
      });
    }).onFailure(err -> {
      ctx.request().resume();
      HttpErrors.fail(ctx, err);
    });
  }
}
