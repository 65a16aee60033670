package io.possync.core.pos;

import io.possync.core.auth.DeviceTokens;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.http.HttpErrors;
import io.possync.core.kitchen.KdsHub;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code GET /ws/kds}: a KDS device token (header or access_token), then the display's frames from the hub of the
 * token's property (the host's one, or the cloud's per property).
 */
public final class KdsRoutes {

  private final PosSites sites;
  private final Function<String, KdsHub> hubOf;

  /** @param hubOf the hub of a property id */
  public KdsRoutes(PosSites sites, Function<String, KdsHub> hubOf) {
    this.sites = sites;
    this.hubOf = hubOf;
  }

  public void mount(Router router) {
    router.get("/ws/kds").handler(this::socket);
  }

  private void socket(RoutingContext ctx) {
    ctx.request().pause(); // nothing of the upgrade may be read before the token is checked (it may take a moment)
    String token = PosAuth.token(ctx);
    sites.of(token).compose(site -> site.auth().device(token).compose(device -> {
      if (!DeviceTokens.KDS.equals(device.deviceType())) {
        return Future.failedFuture(new PossyncException(ErrorCode.INVALID_TOKEN, "/ws/kds needs a KDS device token"));
      }
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
        return Future.failedFuture(PossyncException.invalid("/ws/kds is a WebSocket: send Upgrade: websocket"));
      }
      KdsHub hub = hubOf.apply(device.propertyId());
      return ctx.request().toWebSocket().map(ws -> {
        hub.connect(device.deviceId(), ws);
        return ws;
      });
    })).onFailure(err -> {
      ctx.request().resume();
      HttpErrors.fail(ctx, err);
    });
  }
}
