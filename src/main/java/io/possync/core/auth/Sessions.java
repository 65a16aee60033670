package io.possync.core.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.possync.core.caps.Actor;
import io.possync.core.caps.PosConfig;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Employee sessions (POS-API.md section 1): PIN sign-in against the bcrypt hash, one answer for every wrong case,
 * a lockout after five failures from one device within a minute, and session tokens that die when their employee
 * or device is deactivated or deleted. Privileges are read from the configuration in force on every call. Only the
 * SHA-256 of a session token is kept, in a {@link SessionStore} (the host's memory, or the cloud's PostgreSQL).
 *
 * <p>A session token is {@code <propertyId>.<32 random bytes, base64url>}: the property tells a cloud node, which
 * serves every property, whose configuration and sessions the token belongs to, before anything is looked up.
 */
public final class Sessions {

  public static final int MAX_FAILURES = 5;
  public static final Duration FAILURE_WINDOW = Duration.ofSeconds(60);
  public static final Duration LOCKOUT = Duration.ofSeconds(60);
  public static final Duration LIFETIME = Duration.ofHours(12);

  /**
   * A bcrypt hash of no PIN: a sign-in with an unknown number checks against it, so an unknown number takes as long
   * as a wrong PIN.
   */
  private static final byte[] DECOY = BCrypt.withDefaults().hash(10, "decoy-pin".toCharArray());

  /** A signed-in employee on a device. */
  public record Session(String employeeId, String deviceId, Instant expiresAt) {
  }

  /** A new session: its token (shown once) and what it holds. */
  public record Issued(String token, Session session) {
  }

  private final Clock clock;
  private final Function<Callable<Boolean>, Future<Boolean>> blocking;
  private final SessionStore store;
  private final String propertyId;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param blocking runs a bcrypt check off the event loop (a worker)
   * @param propertyId the property whose sessions these are (the prefix of their tokens)
   */
  public Sessions(Clock clock, Function<Callable<Boolean>, Future<Boolean>> blocking, SessionStore store,
                  String propertyId) {
    this.clock = clock;
    this.blocking = blocking;
    this.store = store;
    this.propertyId = propertyId;
  }

  /** The property a session token names, or null when it is no session token. */
  public static String propertyOf(String token) {
    if (token == null) {
      return null;
    }
    int dot = token.indexOf('.');
    return dot == 36 && token.indexOf('.', dot + 1) < 0 ? token.substring(0, dot) : null;
  }

  /** Signs an employee in on a workstation; fails with invalid_credentials or too_many_attempts. */
  public Future<Issued> signIn(PosConfig config, String deviceId, String employeeNumber, String pin) {
    return store.begin(deviceId, clock.instant()).compose(lockedUntil -> {
      if (lockedUntil != null) {
        return Future.failedFuture(locked(clock.instant(), lockedUntil));
      }
      PosConfig.Employee e = employeeNumber == null ? null : config.employeeByNumber(employeeNumber).orElse(null);
      boolean known = e != null && e.active() && e.pinHash() != null;
      byte[] hash = known ? e.pinHash().getBytes(StandardCharsets.UTF_8) : DECOY;
      char[] given = pin == null ? new char[0] : pin.toCharArray();
      return blocking.apply(() -> BCrypt.verifyer().verify(given, hash).verified).transform(ar -> {
        boolean ok = ar.succeeded() && ar.result() && known;
        Instant now = clock.instant();
        return store.end(deviceId, ok, now).compose(lock -> {
          if (!ok) {
            return Future.failedFuture(lock != null ? locked(now, lock)
                : new PossyncException(ErrorCode.INVALID_CREDENTIALS, "wrong employee number or PIN"));
          }
          byte[] raw = new byte[32];
          random.nextBytes(raw);
          String token = propertyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
          Session s = new Session(e.id(), deviceId, now.plus(LIFETIME));
          return store.put(hash(token), s).map(new Issued(token, s));
        });
      });
    });
  }

  private static PossyncException locked(Instant now, Instant until) {
    int seconds = (int) Math.max(1, Duration.between(now, until).toSeconds());
    return new PossyncException(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong PINs on this workstation: try again in "
        + seconds + " s", null, seconds);
  }

  /**
   * The actor of a session token with the privileges of the employee's role now; fails with session_revoked when
   * the session is unknown, expired, or its employee or device is no longer active.
   */
  public Future<Actor> actor(PosConfig config, String token) {
    if (token == null || !propertyId.equals(propertyOf(token))) {
      return Future.failedFuture(revoked());
    }
    String h = hash(token);
    return store.get(h).compose(s -> {
      if (s == null || clock.instant().isAfter(s.expiresAt())) {
        return Future.failedFuture(revoked());
      }
      if (!allowed(config, s)) {
        return store.remove(h).transform(x -> Future.failedFuture(revoked()));
      }
      PosConfig.Employee e = config.employee(s.employeeId()).orElseThrow();
      return Future.succeededFuture(new Actor(e.id(), Set.copyOf(config.privileges(e.roleId())), s.deviceId()));
    });
  }

  /** Whether a configuration still allows a session: its employee and its device active. */
  private static boolean allowed(PosConfig config, Session s) {
    return config.employee(s.employeeId()).map(PosConfig.Employee::active).orElse(false)
        && config.deviceActive(s.deviceId());
  }

  private static PossyncException revoked() {
    return new PossyncException(ErrorCode.SESSION_REVOKED, "the session ended: sign in again");
  }

  /** Whether a session token still opens a session under this configuration. */
  public Future<Boolean> alive(PosConfig config, String token) {
    return actor(config, token).transform(ar -> Future.succeededFuture(ar.succeeded()));
  }

  /** Ends a session (sign out). */
  public Future<Void> end(String token) {
    return token == null ? Future.succeededFuture() : store.remove(hash(token));
  }

  /**
   * Drops the sessions a new configuration no longer allows (employee or device inactive or gone) and returns
   * their employee ids, for the {@code session:revoked} frames.
   */
  public Future<List<String>> revokeFor(PosConfig config) {
    return store.removeIf(s -> !allowed(config, s))
        .map(gone -> gone.stream().map(Session::employeeId).distinct().toList());
  }

  /** The SHA-256 of a token, as it is kept. */
  static String hash(String token) {
    return Base64.getEncoder().encodeToString(Tokens.sha256(token));
  }
}
