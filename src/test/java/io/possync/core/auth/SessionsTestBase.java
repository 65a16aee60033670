package io.possync.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.possync.core.caps.Actor;
import io.possync.core.caps.PosConfig;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.support.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PIN sign-in and sessions over a small configuration, the behaviour every {@link SessionStore} must give (the
 * host's memory, the cloud's PostgreSQL); bcrypt runs inline here (a worker in the host).
 */
public abstract class SessionsTestBase {

  /** A property id for the sessions under test. */
  protected static final String PROPERTY = "7d0c3a52-5f5e-4c69-9a51-2f4f1f6f0a01";

  /** A new, empty store of the property {@link #propertyId()}, whose sessions expire by {@code clock}. */
  protected abstract SessionStore newStore(MutableClock clock);

  /** The property of the sessions under test (called while the test is made). */
  protected String propertyId() {
    return PROPERTY;
  }

  protected final MutableClock clock = new MutableClock();
  private final SessionStore store = newStore(clock);
  final Sessions sessions = new Sessions(clock, SessionsTestBase::inline, store, propertyId());

  static Future<Boolean> inline(java.util.concurrent.Callable<Boolean> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
  final Map<String, Map<String, JsonObject>> tables = new HashMap<>();

  protected SessionsTestBase() {
    put("employees", new JsonObject().put("id", "e1").put("employeeNumber", "1001").put("firstName", "Ana")
        .put("lastName", "Ruiz").put("roleId", "r1").put("active", true)
        .put("pinHash", BCrypt.withDefaults().hashToString(4, "1001".toCharArray())));
    put("employees", new JsonObject().put("id", "e2").put("employeeNumber", "1002").put("roleId", "r1")
        .put("active", false).put("pinHash", BCrypt.withDefaults().hashToString(4, "1002".toCharArray())));
    put("roles", new JsonObject().put("id", "r1").put("active", true)
        .put("privilegeCodes", new JsonArray().add("void_item")));
    put("workstations", new JsonObject().put("id", "ws1").put("active", true));
  }

  void put(String table, JsonObject row) {
    tables.computeIfAbsent(table, k -> new HashMap<>()).put(row.getString("id"), row);
  }

  PosConfig config() {
    Map<String, Map<String, JsonObject>> copy = new HashMap<>();
    tables.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    return new PosConfig(1, k -> copy.getOrDefault(k, Map.of()));
  }

  static PossyncException failure(Future<?> f) {
    try {
      f.await();
    } catch (PossyncException e) {
      return e;
    }
    return fail("expected a refusal");
  }

  @Test
  void everyWrongCaseGetsTheSameAnswer() {
    PossyncException wrongPin = failure(sessions.signIn(config(), "ws1", "1001", "9999"));
    PossyncException unknown = failure(sessions.signIn(config(), "ws1", "4040", "1001"));
    PossyncException inactive = failure(sessions.signIn(config(), "ws1", "1002", "1002"));
    for (PossyncException e : List.of(wrongPin, unknown, inactive)) {
      assertEquals(ErrorCode.INVALID_CREDENTIALS, e.code());
      assertEquals(wrongPin.getMessage(), e.getMessage());
    }
  }

  @Test
  void fiveFailuresLockTheDeviceForAMinute() {
    for (int i = 0; i < 4; i++) {
      assertEquals(ErrorCode.INVALID_CREDENTIALS, failure(sessions.signIn(config(), "ws1", "1001", "0000")).code());
    }
    PossyncException fifth = failure(sessions.signIn(config(), "ws1", "1001", "0000"));
    assertEquals(ErrorCode.TOO_MANY_ATTEMPTS, fifth.code());
    assertEquals(60, fifth.retryAfterSeconds());
    assertEquals(ErrorCode.TOO_MANY_ATTEMPTS, failure(sessions.signIn(config(), "ws1", "1001", "1001")).code(),
        "locked even with the right PIN");
    clock.advance(Duration.ofSeconds(61));
    assertEquals("e1", sessions.signIn(config(), "ws1", "1001", "1001").await().session().employeeId());
  }

  @Test
  void aSessionCarriesTheRolesPrivilegesOfNow() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    Actor a = sessions.actor(config(), token).await();
    assertTrue(a.privileges().contains("void_item"));
    tables.get("roles").get("r1").put("privilegeCodes", new JsonArray());
    assertEquals(0, sessions.actor(config(), token).await().privileges().size());
  }

  @Test
  void aDeactivatedEmployeesSessionIsRevoked() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    tables.get("employees").get("e1").put("active", false);
    assertEquals(List.of("e1"), sessions.revokeFor(config()).await());
    assertEquals(ErrorCode.SESSION_REVOKED,
        failure(sessions.actor(config(), token)).code());
  }

  @Test
  void aSessionDiesWithItsDevice() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    tables.get("workstations").remove("ws1");
    assertEquals(ErrorCode.SESSION_REVOKED,
        failure(sessions.actor(config(), token)).code());
  }

  @Test
  void guessesSentTogetherCannotOutrunTheLockout() throws Exception {
    // bcrypt checks held until the test releases them: 2000 guesses arrive before any has an answer
    List<java.util.concurrent.Callable<Boolean>> pending = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<io.vertx.core.Promise<Boolean>> promises = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.concurrent.CountDownLatch begun = new java.util.concurrent.CountDownLatch(2000);
    SessionStore counted = new SessionStore() {
      public Future<java.time.Instant> begin(String deviceId, java.time.Instant now) {
        return store.begin(deviceId, now).onComplete(ar -> begun.countDown());
      }

      public Future<java.time.Instant> end(String deviceId, boolean ok, java.time.Instant now) {
        return store.end(deviceId, ok, now);
      }

      public Future<Void> put(String tokenHash, Sessions.Session session) {
        return store.put(tokenHash, session);
      }

      public Future<Sessions.Session> get(String tokenHash) {
        return store.get(tokenHash);
      }

      public Future<Void> remove(String tokenHash) {
        return store.remove(tokenHash);
      }

      public Future<List<Sessions.Session>> removeIf(java.util.function.Predicate<Sessions.Session> gone) {
        return store.removeIf(gone);
      }
    };
    Sessions held = new Sessions(clock, work -> {
      io.vertx.core.Promise<Boolean> p = io.vertx.core.Promise.promise();
      pending.add(work);
      promises.add(p);
      return p.future();
    }, counted, propertyId());
    PosConfig cfg = config();
    List<Future<Sessions.Issued>> tries = new java.util.ArrayList<>();
    for (int pin = 0; pin < 2000; pin++) { // the right PIN, 1001, is among them
      tries.add(held.signIn(cfg, "ws1", "1001", String.format("%04d", pin)));
    }
    // a store may answer later (PostgreSQL): every attempt is let in or refused before any PIN check ends
    assertTrue(begun.await(30, java.util.concurrent.TimeUnit.SECONDS), "every attempt was answered");
    for (int i = 0; i < pending.size(); i++) {
      promises.get(i).complete(pending.get(i).call());
    }
    Future.join(tries).otherwiseEmpty().await();
    assertTrue(pending.size() <= Sessions.MAX_FAILURES, pending.size() + " PINs were checked at once");
    assertEquals(0, tries.stream().filter(Future::succeeded).count(), "no guess signed in");
  }

  @Test
  void aSignedOutTokenOpensNothing() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    sessions.end(token).await();
    assertEquals(ErrorCode.SESSION_REVOKED, failure(sessions.actor(config(), token)).code());
  }

  @Test
  void aSessionExpiresAfterItsLifetime() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    clock.advance(Sessions.LIFETIME.plusSeconds(1));
    assertEquals(ErrorCode.SESSION_REVOKED, failure(sessions.actor(config(), token)).code());
  }

  @Test
  void aTokenOfAnotherPropertyOpensNothing() {
    String token = sessions.signIn(config(), "ws1", "1001", "1001").await().token();
    String other = "00000000-0000-4000-8000-000000000000" + token.substring(token.indexOf('.'));
    assertEquals(ErrorCode.SESSION_REVOKED, failure(sessions.actor(config(), other)).code());
    assertEquals(propertyId(), Sessions.propertyOf(token));
  }
}
