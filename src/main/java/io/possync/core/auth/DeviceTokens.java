package io.possync.core.auth;

import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Device tokens (POS-API.md section 1): JWTs signed ES256 (vertx-auth-jwt) by a property's device signing key.
 * The cloud holds the private key and issues; hosts verify with the public keys they sync, also while the cloud is
 * unreachable. A token names its property, device and device type; the key id travels in the header ({@code kid}),
 * so a property can roll to a new key while tokens of the old one still verify.
 */
public final class DeviceTokens {

  public static final String ISSUER = "possync";
  public static final String PROPERTY = "prop";
  public static final String DEVICE_TYPE = "typ";
  public static final String WORKSTATION = "workstation";
  public static final String KDS = "kds";
  static final String ALGORITHM = "ES256";

  private DeviceTokens() {
  }

  /** A signing key: its id and both halves as PEM (PKCS#8 private, X.509 public). */
  public record SigningKey(String keyId, String publicPem, String privatePem) {
    @Override
    public String toString() {
      return "SigningKey[" + keyId + "]"; // never the private half
    }
  }

  /** A public key hosts verify with. */
  public record VerifyingKey(String keyId, String publicPem) {
  }

  /** What a verified token says. */
  public record Claims(String propertyId, String deviceId, String deviceType, Instant expiresAt) {
  }

  /** A new P-256 key pair. */
  public static SigningKey newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      java.security.KeyPair kp = g.generateKeyPair();
      return new SigningKey(UUID.randomUUID().toString(), pem("PUBLIC KEY", kp.getPublic().getEncoded()),
          pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no P-256 key generator", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /**
   * The property a token claims, read without verifying it (null when it is no JWT of ours): only to choose whose
   * keys verify it, on a cloud node that serves every property. Nothing read here is trusted.
   */
  public static String claimedProperty(String token) {
    if (token == null || token.length() > 4096) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      Object p = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
          java.nio.charset.StandardCharsets.UTF_8)).getValue(PROPERTY);
      return p instanceof String s ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Signs a device token. */
  public static String issue(Vertx vertx, SigningKey key, String propertyId, String deviceId, String deviceType,
                             Instant expiresAt, Instant now) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm(ALGORITHM).setId(key.keyId()).setBuffer(key.privatePem())));
    // iat and exp from our clock (vertx-auth-jwt would take its own)
    return auth.generateToken(new JsonObject().put(PROPERTY, propertyId).put(DEVICE_TYPE, deviceType)
            .put("iat", now.getEpochSecond()).put("exp", expiresAt.getEpochSecond()),
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER).setSubject(deviceId).setNoTimestamp(true)
            .setHeader(new JsonObject().put("kid", key.keyId())));
  }

  /** Verifies tokens of one property against its public keys. Build one per set of keys and reuse it. */
  public static final class Verifier {
    private final JWTAuth auth;
    private final String propertyId;

    public Verifier(Vertx vertx, String propertyId, List<VerifyingKey> keys) {
      JWTAuthOptions o = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIssuer(ISSUER));
      keys.forEach(k -> o.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(k.keyId())
          .setBuffer(k.publicPem())));
      this.auth = keys.isEmpty() ? null : JWTAuth.create(vertx, o);
      this.propertyId = propertyId;
    }

    /** The token's claims; fails with {@code invalid_token} for a forged, expired or other property's token. */
    public Future<Claims> verify(String token) {
      if (auth == null || token == null || token.isEmpty() || token.length() > 4096) {
        return Future.failedFuture(invalid());
      }
      return auth.authenticate(new TokenCredentials(token)).transform(ar -> {
        if (ar.failed()) {
          return Future.failedFuture(invalid());
        }
        JsonObject p = ar.result().principal();
        if (!propertyId.equals(p.getString(PROPERTY)) || p.getString("sub") == null
            || !(WORKSTATION.equals(p.getString(DEVICE_TYPE)) || KDS.equals(p.getString(DEVICE_TYPE)))) {
          return Future.failedFuture(invalid());
        }
        // vertx-auth-jwt moves exp (with iat, nbf) from the principal to the user's attributes
        long exp = p.getLong("exp", ar.result().attributes().getLong("exp", 0L));
        if (exp <= 0) {
          return Future.failedFuture(invalid()); // a token that never expires is not one possync issues
        }
        return Future.succeededFuture(new Claims(propertyId, p.getString("sub"), p.getString(DEVICE_TYPE),
            Instant.ofEpochSecond(exp)));
      });
    }

    private static PossyncException invalid() {
      return new PossyncException(ErrorCode.INVALID_TOKEN, "the device token is not valid here: issue a new one");
    }
  }
}
