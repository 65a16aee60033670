package io.possync.core.pos;

import io.possync.core.auth.DeviceAuth;
import io.possync.core.auth.DeviceTokens;
import io.possync.core.auth.Sessions;
import io.possync.core.caps.Actor;
import io.possync.core.caps.PosConfig;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Who calls the POS API: an employee session (most calls), or a device token (sign-in, the configuration, the
 * sockets). Tokens come as {@code Authorization: Bearer}, or as the {@code access_token} parameter on sockets.
 */
public final class PosAuth {

  public static final String ACCESS_TOKEN = "access_token";

  private final Supplier<PosConfig> config;
  private final DeviceAuth devices;
  private final Sessions sessions;

  public PosAuth(Supplier<PosConfig> config, DeviceAuth devices, Sessions sessions) {
    this.config = config;
    this.devices = devices;
    this.sessions = sessions;
  }

  public static String bearer(RoutingContext ctx) {
    return io.possync.core.http.Bearer.of(ctx.request());
  }

  /** The bearer token, or the {@code access_token} parameter (browsers cannot set headers on a WebSocket). */
  public static String token(RoutingContext ctx) {
    String b = bearer(ctx);
    return b != null ? b : ctx.request().getParam(ACCESS_TOKEN);
  }

  /** The employee of the session token; session_revoked when there is none. */
  public Future<Actor> employee(RoutingContext ctx) {
    return sessions.actor(config.get(), bearer(ctx));
  }

  /** The device of a device token. */
  public Future<DeviceTokens.Claims> device(String token) {
    return devices.device(config.get(), token);
  }

  /** A session or a device token: either will do (reading the configuration, the POS socket). */
  public Future<Object> anyone(String token) {
    if (Sessions.propertyOf(token) != null) {
      return sessions.actor(config.get(), token).map(a -> a);
    }
    return device(token).map(c -> c);
  }

  public Sessions sessions() {
    return sessions;
  }
}
