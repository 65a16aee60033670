package io.possync.core.auth;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Sessions in the host's memory: a host restart signs everyone in again (DESIGN.md section 9). */
public final class MemorySessionStore implements SessionStore {

  private final Map<String, Sessions.Session> byHash = new ConcurrentHashMap<>();
  private final Map<String, SignInAttempts> attempts = new ConcurrentHashMap<>();

  @Override
  public Future<Instant> begin(String deviceId, Instant now) {
    return Future.succeededFuture(step(deviceId, a -> a.begin(now)));
  }

  @Override
  public Future<Instant> end(String deviceId, boolean ok, Instant now) {
    return Future.succeededFuture(step(deviceId, a -> a.end(ok, now)));
  }

  /** Applies a step to a device's attempts atomically; its lock, or null. */
  private Instant step(String deviceId, java.util.function.Function<SignInAttempts, SignInAttempts.Step> f) {
    Instant[] lock = new Instant[1];
    attempts.compute(deviceId, (k, a) -> {
      SignInAttempts.Step s = f.apply(a == null ? SignInAttempts.NONE : a);
      lock[0] = s.lockedUntil();
      return s.next();
    });
    return lock[0];
  }

  @Override
  public Future<Void> put(String tokenHash, Sessions.Session session) {
    byHash.put(tokenHash, session);
    return Future.succeededFuture();
  }

  @Override
  public Future<Sessions.Session> get(String tokenHash) {
    return Future.succeededFuture(byHash.get(tokenHash));
  }

  @Override
  public Future<Void> remove(String tokenHash) {
    byHash.remove(tokenHash);
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Sessions.Session>> removeIf(Predicate<Sessions.Session> gone) {
    List<Sessions.Session> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, Sessions.Session>> it = byHash.entrySet().iterator(); it.hasNext(); ) {
      Sessions.Session s = it.next().getValue();
      if (gone.test(s)) {
        it.remove();
        out.add(s);
      }
    }
    return Future.succeededFuture(out);
  }
}
