package io.possync.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.possync.core.auth.DeviceTokens.SigningKey;
import io.possync.core.auth.DeviceTokens.Verifier;
import io.possync.core.auth.DeviceTokens.VerifyingKey;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceTokensTest {

  final Vertx vertx = Vertx.vertx();
  final SigningKey key = DeviceTokens.newKey();
  final Instant now = Instant.now();
  final Verifier verifier = new Verifier(vertx, "prop-a", List.of(new VerifyingKey(key.keyId(), key.publicPem())));

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  static ErrorCode code(Future<?> f) {
    try {
      f.await();
    } catch (PossyncException e) {
      return e.code();
    }
    return fail("expected a refusal");
  }

  @Test
  void aTokenVerifiesWithThePublicKeyAlone() {
    String t = DeviceTokens.issue(vertx, key, "prop-a", "ws-1", DeviceTokens.WORKSTATION, now.plusSeconds(3600), now);
    DeviceTokens.Claims c = verifier.verify(t).await();
    assertEquals("ws-1", c.deviceId());
    assertEquals(DeviceTokens.WORKSTATION, c.deviceType());
  }

  @Test
  void anotherPropertysTokenIsRefused() {
    SigningKey other = DeviceTokens.newKey();
    String t = DeviceTokens.issue(vertx, other, "prop-b", "ws-1", DeviceTokens.WORKSTATION, now.plusSeconds(60), now);
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify(t)));
    // even signed with this property's key, a token naming another property is refused
    String named = DeviceTokens.issue(vertx, key, "prop-b", "ws-1", DeviceTokens.WORKSTATION, now.plusSeconds(60), now);
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify(named)));
  }

  @Test
  void aForgedTokenIsRefused() {
    String t = DeviceTokens.issue(vertx, key, "prop-a", "ws-1", DeviceTokens.WORKSTATION, now.plusSeconds(60), now);
    String[] parts = t.split("\\.");
    String body = new String(Base64.getUrlDecoder().decode(parts[1])).replace("ws-1", "ws-9");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes()) + "."
        + parts[2];
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify(forged)));
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify("not.a.token")));
  }

  @Test
  void anExpiredTokenIsRefused() {
    Instant past = now.minusSeconds(7200);
    String t = DeviceTokens.issue(vertx, key, "prop-a", "ws-1", DeviceTokens.WORKSTATION, past.plusSeconds(60), past);
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify(t)));
  }

  @Test
  void thePrivateHalfIsNeverPrinted() {
    assertEquals(-1, key.toString().indexOf("PRIVATE"));
  }

  @Test
  void aTokenWithoutExpiryIsRefused() {
    io.vertx.ext.auth.jwt.JWTAuth signer = io.vertx.ext.auth.jwt.JWTAuth.create(vertx,
        new io.vertx.ext.auth.jwt.JWTAuthOptions().addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions()
            .setAlgorithm("ES256").setId(key.keyId()).setBuffer(key.privatePem())));
    String forever = signer.generateToken(new io.vertx.core.json.JsonObject().put(DeviceTokens.PROPERTY, "prop-a")
        .put(DeviceTokens.DEVICE_TYPE, DeviceTokens.WORKSTATION), new io.vertx.ext.auth.JWTOptions()
        .setAlgorithm("ES256").setIssuer(DeviceTokens.ISSUER).setSubject("ws-1").setNoTimestamp(true)
        .setHeader(new io.vertx.core.json.JsonObject().put("kid", key.keyId())));
    assertEquals(ErrorCode.INVALID_TOKEN, code(verifier.verify(forever)));
  }
}
