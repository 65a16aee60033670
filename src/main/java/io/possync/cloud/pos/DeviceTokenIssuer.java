package io.possync.cloud.pos;

import io.possync.core.auth.DeviceTokens;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues device tokens (POS-API.md section 1) for the admin API and the {@code device-token} command. A token names
 * an active workstation or KDS device of the property and is signed by the property's device signing key, which is
 * made on first need: in the same transaction as the device check, and race-free (the unique index of V005 lets one
 * of two concurrent first issues insert; the other signs with that key). The new key's public half reaches hosts as
 * an ordinary config change ({@code deviceSigningKeys}, pushed as urgent).
 *
 * <p>A token lives {@link #LIFETIME} (365 days): a device is re-issued a token once a year, and one that is lost is
 * revoked sooner by deactivating or deleting its device row (hosts then answer {@code device_revoked}).
 */
public final class DeviceTokenIssuer {

  /** How long a device token is valid. */
  public static final Duration LIFETIME = Duration.ofDays(365);

  public static final String DEVICE_ID = "deviceId";
  public static final String TOKEN = "token";
  public static final String DEVICE_TYPE = "deviceType";
  public static final String EXPIRES_AT = "expiresAt";

  private static final String DEVICE = """
      SELECT 'workstation' FROM workstations WHERE id = $2 AND property_id = $1 AND active
      UNION ALL SELECT 'kds' FROM kds_devices WHERE id = $2 AND property_id = $1 AND active""";
  private static final String SIGNING_KEY = "SELECT id::text, public_key, private_key FROM device_signing_keys "
      + "WHERE property_id = $1 AND active AND private_key IS NOT NULL";
  private static final String NEW_KEY = "INSERT INTO device_signing_keys (id, property_id, public_key, private_key, "
      + "active) VALUES ($1, $2, $3, $4, true) ON CONFLICT (property_id) WHERE active AND private_key IS NOT NULL "
      + "DO NOTHING";

  /** An issued token. */
  public record Issued(String token, UUID deviceId, String deviceType, Instant expiresAt) {
    public JsonObject toJson() {
      return new JsonObject().put(TOKEN, token).put(DEVICE_ID, deviceId.toString()).put(DEVICE_TYPE, deviceType)
          .put(EXPIRES_AT, expiresAt.toString());
    }

    @Override
    public String toString() {
      return "Issued[" + deviceType + " " + deviceId + "]"; // never the token
    }
  }

  private final Vertx vertx;
  private final Clock clock;

  public DeviceTokenIssuer(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Fails with not_found when the device is not an active workstation or KDS device of the property. */
  public Future<Issued> issue(Pool pool, UUID propertyId, UUID deviceId) {
    return pool.withTransaction(conn -> conn.preparedQuery(DEVICE).execute(Tuple.of(propertyId, deviceId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(PossyncException.notFound("no active workstation or KDS device " + deviceId
                + " in property " + propertyId));
          }
          String type = rows.iterator().next().getString(0);
          return signingKey(conn, propertyId).map(key -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // a JWT's times are whole seconds
            Instant expires = now.plus(LIFETIME);
            String token = DeviceTokens.issue(vertx, key, propertyId.toString(), deviceId.toString(),
                DeviceTokens.WORKSTATION.equals(type) ? DeviceTokens.WORKSTATION : DeviceTokens.KDS, expires, now);
            return new Issued(token, deviceId, type, expires);
          });
        }));
  }

  /** The property's signing key, made now when it has none. */
  private static Future<DeviceTokens.SigningKey> signingKey(SqlConnection conn, UUID propertyId) {
    return find(conn, propertyId).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      DeviceTokens.SigningKey k = DeviceTokens.newKey();
      // A concurrent first issue that inserted before us makes this insert nothing (it waits for that one to
      // commit); the next statement then reads the key it made.
      return conn.preparedQuery(NEW_KEY)
          .execute(Tuple.of(UUID.fromString(k.keyId()), propertyId, k.publicPem(), k.privatePem()))
          .compose(r -> r.rowCount() == 1 ? Future.succeededFuture(k) : find(conn, propertyId).map(Optional::orElseThrow));
    });
  }

  private static Future<Optional<DeviceTokens.SigningKey>> find(SqlConnection conn, UUID propertyId) {
    return conn.preparedQuery(SIGNING_KEY).execute(Tuple.of(propertyId)).map(DeviceTokenIssuer::first);
  }

  private static Optional<DeviceTokens.SigningKey> first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    return Optional.of(new DeviceTokens.SigningKey(r.getString(0), r.getString(1), r.getString(2)));
  }
}
