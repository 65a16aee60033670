package io.possync.cloud.sync;

import io.possync.core.crypto.Tokens;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer token authentication of service hosts. The cloud stores only SHA-256 of a token; a presented token is
 * hashed and looked up by its hash, and the stored hash compared in constant time. Found tokens are cached (the
 * heartbeat then costs no extra round trip); the cache forgets a host when PostgreSQL says its token or active flag
 * changed ({@code possync_auth}), so a rotated token stops working at once on every node.
 */
public final class HostAuth {

  private record Entry(HostIdentity identity, byte[] hash, long expiresAt) {
  }

  private static final long TTL_MS = 10 * 60_000;
  private static final int MAX_ENTRIES = 100_000;

  private final Pool pool;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public HostAuth(Pool pool) {
    this.pool = pool;
  }

  /** The token from {@code Authorization: Bearer ...}, or a 401. */
  public static String bearer(HttpServerRequest req) {
    String h = req.getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
      throw PossyncException.unauthorized("a bearer token is required");
    }
    return h.substring(7).trim();
  }

  /** The token's host; fails 401 for an unknown or deactivated token. */
  public Future<HostIdentity> authenticate(String token) {
    byte[] hash = Tokens.sha256(token);
    String key = java.util.HexFormat.of().formatHex(hash);
    Entry e = cache.get(key);
    long now = System.currentTimeMillis();
    if (e != null && e.expiresAt > now && MessageDigest.isEqual(e.hash, hash)) {
      return Future.succeededFuture(e.identity);
    }
    return pool.preparedQuery("SELECT id, property_id, auth_token FROM service_hosts WHERE auth_token = $1 AND active")
        .execute(Tuple.of(key))
        .compose(rows -> {
          Row r = rows.size() == 1 ? rows.iterator().next() : null;
          if (r == null || !Tokens.matches(token, r.getString(2))) {
            return Future.failedFuture(PossyncException.unauthorized("unknown or deactivated token"));
          }
          HostIdentity id = new HostIdentity(r.getUUID(0), r.getUUID(1));
          if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
          }
          cache.put(key, new Entry(id, hash, now + TTL_MS));
          return Future.succeededFuture(id);
        });
  }

  /** Authenticates the request's bearer token. */
  public Future<HostIdentity> authenticate(HttpServerRequest req) {
    try {
      return authenticate(bearer(req));
    } catch (PossyncException f) {
      return Future.failedFuture(f);
    }
  }

  /** Forgets a host: its token was rotated, or it was deactivated or deleted. */
  public void forget(UUID serviceHostId) {
    cache.values().removeIf(e -> e.identity.serviceHostId().equals(serviceHostId));
  }

  /** 403 unless the host reaches for its own property (and its own host id, when one is named). */
  public static void checkScope(HostIdentity who, UUID propertyId, UUID serviceHostId) {
    if (propertyId != null && !propertyId.equals(who.propertyId())) {
      throw PossyncException.forbidden("this token belongs to another property");
    }
    if (serviceHostId != null && !serviceHostId.equals(who.serviceHostId())) {
      throw PossyncException.forbidden("this token belongs to another service host");
    }
  }
}
