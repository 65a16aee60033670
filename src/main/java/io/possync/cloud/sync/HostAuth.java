package io.possync.cloud.sync;

import io.possync.core.Addresses;
import io.possync.core.crypto.Tokens;
import io.possync.core.error.PossyncException;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer token authentication of service hosts. The cloud stores only SHA-256 of a token; a presented token is
 * hashed and looked up by its hash, and the stored hash compared in constant time. Found tokens are cached (the
 * heartbeat then costs no extra round trip) only while the node hears PostgreSQL's notifications: the cache forgets
 * a host when PostgreSQL says its token or active flag changed ({@code possync_auth}) or when this node rotated it,
 * and forgets everything when the node's LISTEN connection drops (it caches nothing until it listens again) and when
 * it listens again. So a rotated token stops working at once on every node, also across a database blip.
 */
public final class HostAuth {

  private record Entry(HostIdentity identity, byte[] hash, long expiresAt) {
  }

  private static final long TTL_MS = 10 * 60_000;
  private static final int MAX_ENTRIES = 100_000;

  private final Pool pool;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  /** The cache's keys of each host, so forgetting one host is not a scan of the cache. */
  private final Map<UUID, java.util.Set<String>> keysByHost = new ConcurrentHashMap<>();
  /** Moves on every forget: a lookup that started before one does not cache what it read. */
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean listening = true;

  public HostAuth(Pool pool) {
    this.pool = pool;
  }

  /** The token from {@code Authorization: Bearer ...}, or a 401. */
  public static String bearer(HttpServerRequest req) {
    String token = io.possync.core.http.Bearer.of(req);
    if (token == null) {
      throw PossyncException.unauthorized("a bearer token is required");
    }
    return token;
  }

  /** The token's host; fails 401 for an unknown or deactivated token. */
  public Future<HostIdentity> authenticate(String token) {
    byte[] hash = Tokens.sha256(token);
    String key = HexFormat.of().formatHex(hash);
    long now = System.currentTimeMillis();
    if (listening) {
      Entry e = cache.get(key);
      if (e != null && e.expiresAt > now && MessageDigest.isEqual(e.hash, hash)) {
        return Future.succeededFuture(e.identity);
      }
    }
    long seen = generation.get();
    return pool.preparedQuery("SELECT id, property_id, auth_token FROM service_hosts WHERE auth_token = $1 AND active")
        .execute(Tuple.of(key))
        .compose(rows -> {
          Row r = rows.size() == 1 ? rows.iterator().next() : null;
          if (r == null || !Tokens.matches(token, r.getString(2))) {
            return Future.failedFuture(PossyncException.unauthorized("unknown or deactivated token"));
          }
          HostIdentity id = new HostIdentity(r.getUUID(0), r.getUUID(1));
          remember(key, new Entry(id, hash, now + TTL_MS), seen);
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

  /** Which of these token hashes (hex SHA-256) still belong to an active host. */
  public Future<java.util.Set<String>> stillActive(java.util.Collection<String> tokenHashes) {
    return pool.preparedQuery("SELECT auth_token FROM service_hosts WHERE auth_token = ANY($1) AND active")
        .execute(Tuple.of(tokenHashes.toArray(String[]::new)))
        .map(rows -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /**
   * Caches what a lookup that started at generation {@code seen} read. The check comes after the put: a forget
   * (or a lost LISTEN) moves the generation before it removes, so one that ran at any point since the lookup started
   * either removed this entry or is seen here, and the entry is taken back.
   */
  private void remember(String key, Entry e, long seen) {
    if (!listening || generation.get() != seen) {
      return;
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
      keysByHost.clear();
    }
    keysByHost.computeIfAbsent(e.identity.serviceHostId(), h -> ConcurrentHashMap.newKeySet()).add(key);
    cache.put(key, e);
    if (!listening || generation.get() != seen) {
      cache.remove(key, e);
    }
  }

  /** Forgets a host: its token was rotated, or it was deactivated or deleted. */
  public void forget(UUID serviceHostId) {
    generation.incrementAndGet();
    java.util.Set<String> keys = keysByHost.remove(serviceHostId);
    if (keys != null) {
      keys.forEach(cache::remove);
    }
  }

  /**
   * The node's LISTEN connection was lost ({@code false}) or listens again ({@code true}). Either way what is cached
   * may have missed a change: everything is forgotten, and nothing is cached while the node is not listening.
   */
  public void listening(boolean now) {
    listening = now;
    generation.incrementAndGet();
    cache.clear();
    keysByHost.clear();
  }

  /** Tells this node's token caches and push sockets that a host's credentials changed (as PostgreSQL would). */
  public static void announce(EventBus bus, UUID serviceHostId) {
    bus.publish(Addresses.CLOUD_AUTH_CHANGED, new JsonObject().put(Wire.SERVICE_HOST_ID, serviceHostId.toString()));
  }

  /** The host of a {@link Addresses#CLOUD_AUTH_CHANGED} message. */
  public static UUID changedHost(JsonObject message) {
    return UUID.fromString(message.getString(Wire.SERVICE_HOST_ID));
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
