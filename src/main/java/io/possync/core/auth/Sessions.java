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
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Employee sessions (POS-API.md section 1): PIN sign-in against the bcrypt hash, one answer for every wrong case,
 * a lockout after five failures from one device within a minute, and session tokens that die when their employee
 * or device is deactivated or deleted. Privileges are read from the configuration in force on every call. Only the
 * SHA-256 of a session token is kept.
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
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> byHash = new ConcurrentHashMap<>();
  private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

  /**
   * A device's sign-in attempts: recent failures, checks under way and the lock. An attempt is counted when it
   * starts, not when its bcrypt check ends, so guesses sent together cannot all run before the fifth failure locks
   * the device.
   */
  private static final class Attempts {
    final Deque<Instant> failures = new ArrayDeque<>();
    int inFlight;
    Instant lockedUntil;

    void prune(Instant now) {
      while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(FAILURE_WINDOW))) {
        failures.removeFirst();
      }
    }
  }

  /** @param blocking runs a bcrypt check off the event loop (a worker) */
  public Sessions(Clock clock, Function<Callable<Boolean>, Future<Boolean>> blocking) {
    this.clock = clock;
    this.blocking = blocking;
  }

  /** Signs an employee in on a workstation; fails with invalid_credentials or too_many_attempts. */
  public Future<Issued> signIn(PosConfig config, String deviceId, String employeeNumber, String pin) {
    Instant now = clock.instant();
    Attempts a = attempts.computeIfAbsent(deviceId, k -> new Attempts());
    synchronized (a) {
      a.prune(now);
      if (a.lockedUntil != null && now.isBefore(a.lockedUntil)) {
        return Future.failedFuture(locked(now, a.lockedUntil));
      }
      if (a.failures.size() + a.inFlight >= MAX_FAILURES) {
        // as many attempts as may fail are under way or failed: wait for them rather than guess beside them
        Instant until = a.failures.isEmpty() ? now.plusSeconds(1) : a.failures.peekFirst().plus(FAILURE_WINDOW);
        return Future.failedFuture(locked(now, until));
      }
      a.inFlight++;
    }
    PosConfig.Employee e = employeeNumber == null ? null : config.employeeByNumber(employeeNumber).orElse(null);
    boolean known = e != null && e.active() && e.pinHash() != null;
    byte[] hash = known ? e.pinHash().getBytes(StandardCharsets.UTF_8) : DECOY;
    char[] given = pin == null ? new char[0] : pin.toCharArray();
    return blocking.apply(() -> BCrypt.verifyer().verify(given, hash).verified)
        .transform(ar -> {
          boolean ok = ar.succeeded() && ar.result() && known;
          synchronized (a) {
            a.inFlight--;
            if (ok) {
              a.failures.clear();
            }
          }
          if (!ok) {
            return Future.failedFuture(failed(a));
          }
          byte[] raw = new byte[32];
          random.nextBytes(raw);
          String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
          Session s = new Session(e.id(), deviceId, clock.instant().plus(LIFETIME));
          byHash.put(hash(token), s);
          return Future.succeededFuture(new Issued(token, s));
        });
  }

  private PossyncException failed(Attempts a) {
    Instant now = clock.instant();
    synchronized (a) {
      a.prune(now);
      a.failures.addLast(now);
      if (a.failures.size() >= MAX_FAILURES) {
        a.failures.clear();
        a.lockedUntil = now.plus(LOCKOUT);
        return locked(now, a.lockedUntil);
      }
    }
    return new PossyncException(ErrorCode.INVALID_CREDENTIALS, "wrong employee number or PIN");
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
  public Actor actor(PosConfig config, String token) {
    String h = token == null ? null : hash(token);
    Session s = h == null ? null : byHash.get(h);
    if (s == null || clock.instant().isAfter(s.expiresAt())) {
      throw revoked();
    }
    PosConfig.Employee e = config.employee(s.employeeId()).orElse(null);
    if (e == null || !e.active() || !config.deviceActive(s.deviceId())) {
      byHash.remove(h);
      throw revoked();
    }
    return new Actor(e.id(), Set.copyOf(config.privileges(e.roleId())), s.deviceId());
  }

  private static PossyncException revoked() {
    return new PossyncException(ErrorCode.SESSION_REVOKED, "the session ended: sign in again");
  }

  /** Whether a session token still opens a session under this configuration. */
  public boolean alive(PosConfig config, String token) {
    try {
      actor(config, token);
      return true;
    } catch (PossyncException e) {
      return false;
    }
  }

  /** Ends a session (sign out). */
  public void end(String token) {
    if (token != null) {
      byHash.remove(hash(token));
    }
  }

  /**
   * Drops the sessions a new configuration no longer allows (employee or device inactive or gone) and returns
   * their employee ids, for the {@code session:revoked} frames.
   */
  public List<String> revokeFor(PosConfig config) {
    Set<String> gone = new HashSet<>();
    for (Iterator<Map.Entry<String, Session>> it = byHash.entrySet().iterator(); it.hasNext(); ) {
      Session s = it.next().getValue();
      boolean ok = config.employee(s.employeeId()).map(PosConfig.Employee::active).orElse(false)
          && config.deviceActive(s.deviceId());
      if (!ok) {
        it.remove();
        gone.add(s.employeeId());
      }
    }
    return List.copyOf(gone);
  }

  public int count() {
    return byHash.size();
  }

  private static String hash(String token) {
    return Base64.getEncoder().encodeToString(Tokens.sha256(token));
  }
}
