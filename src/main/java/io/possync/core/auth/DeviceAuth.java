package io.possync.core.auth;

import io.possync.core.caps.PosConfig;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Verifies device tokens against the configuration in force: the signature with the property's public keys, then
 * the device: a token whose workstation or KDS device is inactive or deleted is {@code device_revoked}. The
 * verifier is rebuilt only when the keys change.
 */
public final class DeviceAuth {

  private final Vertx vertx;
  private final String propertyId;
  private volatile List<DeviceTokens.VerifyingKey> keys;
  private volatile DeviceTokens.Verifier verifier;

  public DeviceAuth(Vertx vertx, String propertyId) {
    this.vertx = vertx;
    this.propertyId = propertyId;
  }

  /** The device of a token; fails with invalid_token or device_revoked. */
  public Future<DeviceTokens.Claims> device(PosConfig config, String token) {
    List<DeviceTokens.VerifyingKey> now = config.deviceKeys();
    DeviceTokens.Verifier v = verifier;
    if (v == null || !now.equals(keys)) {
      v = new DeviceTokens.Verifier(vertx, propertyId, now);
      verifier = v;
      keys = now;
    }
    return v.verify(token).compose(c -> {
      if (!c.deviceType().equals(config.deviceType(c.deviceId()))) {
        return Future.failedFuture(new PossyncException(ErrorCode.DEVICE_REVOKED, "this device is inactive or no "
            + "longer in the configuration"));
      }
      return Future.succeededFuture(c);
    });
  }
}
