package io.possync.cloud.sync;

import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.error.PossyncException;
import io.possync.core.wire.Checksums;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Full snapshots per property and version. A version is built once per node and then served from memory (plain
 * and gzip), so a reconnect storm of hosts asking for the same version costs one build. Builds of one property
 * are coalesced; at most {@code maxConcurrentBuilds} run at once per node, beyond that the caller gets a 429 with
 * a jittered Retry-After. The cache is bounded by bytes, least recently used first out.
 */
public final class SnapshotCache {

  /** One built snapshot: its payload bytes, gzip of them and checksums, the last two made on first use. */
  public static final class Entry {
    public final UUID propertyId;
    public final int version;
    public final String epoch;
    public final Buffer json;
    private volatile Buffer gzip;
    private volatile Map<String, Checksums.Sum> checksums;

    Entry(UUID propertyId, int version, String epoch, Buffer json) {
      this.propertyId = propertyId;
      this.version = version;
      this.epoch = epoch;
      this.json = json;
    }

    public String etag() {
      return etag(epoch, version);
    }

    public static String etag(String epoch, int version) {
      return "\"" + epoch + ":" + version + "\"";
    }

    long bytes() {
      Buffer g = gzip;
      return json.length() + (g == null ? 0 : g.length());
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Catalog catalog;
  private final SnapshotQuery query;
  private final int maxConcurrentBuilds;
  private final long maxBytes;
  private final AtomicInteger building = new AtomicInteger();
  private final Map<UUID, Future<Entry>> inFlight = new ConcurrentHashMap<>();
  private final LinkedHashMap<UUID, Entry> lru = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  public SnapshotCache(Vertx vertx, Pool pool, Catalog catalog, int maxConcurrentBuilds, long maxBytes) {
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.query = new SnapshotQuery(catalog);
    this.maxConcurrentBuilds = maxConcurrentBuilds;
    this.maxBytes = maxBytes;
  }

  /** The current version and the database's epoch of a property ($1): no row for an unknown property. */
  public static final String CURRENT_VERSION = "SELECT pv.version, (SELECT value FROM possync_meta WHERE key = 'epoch') "
      + "FROM property_versions pv WHERE pv.property_id = $1";

  /** The snapshot of the property's current version (from the cache, or built now); 404 for an unknown property. */
  public Future<Entry> current(UUID propertyId) {
    return pool.preparedQuery(CURRENT_VERSION).execute(io.vertx.sqlclient.Tuple.of(propertyId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(PossyncException.notFound("no property " + propertyId));
      }
      var r = rows.iterator().next();
      return get(propertyId, r.getInteger(0), r.getString(1));
    });
  }

  /** The cached snapshot of exactly this version and epoch, if any. */
  public synchronized Entry cached(UUID propertyId, int version, String epoch) {
    Entry e = lru.get(propertyId);
    return e != null && e.version == version && e.epoch.equals(epoch) ? e : null;
  }

  /**
   * The snapshot of {@code version} or newer: from the cache, or built now. Fails 429 when this node is already
   * building as many snapshots as it may, and 404 for an unknown property.
   */
  public Future<Entry> get(UUID propertyId, int version, String epoch) {
    Entry e;
    synchronized (this) {
      e = lru.get(propertyId);
    }
    // A restored or reset database (another epoch) makes every cached snapshot stale, whatever its version.
    if (e != null && e.version >= version && e.epoch.equals(epoch)) {
      return Future.succeededFuture(e);
    }
    Future<Entry> running = inFlight.get(propertyId);
    if (running != null) {
      return running.compose(r -> r.version >= version && r.epoch.equals(epoch) ? Future.succeededFuture(r)
          : get(propertyId, version, epoch));
    }
    if (building.incrementAndGet() > maxConcurrentBuilds) {
      building.decrementAndGet();
      int retry = 1 + ThreadLocalRandom.current().nextInt(5);
      return Future.failedFuture(PossyncException.busy("the cloud is building other snapshots; retry in "
          + retry + " s", retry));
    }
    Promise<Entry> p = Promise.promise();
    Future<Entry> existing = inFlight.putIfAbsent(propertyId, p.future());
    if (existing != null) {
      building.decrementAndGet();
      return existing;
    }
    query.read(pool, propertyId)
        .map(s -> new Entry(propertyId, s.orElseThrow(() -> PossyncException.notFound("no property " + propertyId)).version(), s.get().epoch(), s.get().toPayload(catalog, Instant.now())))
        .onComplete(ar -> {
          building.decrementAndGet();
          inFlight.remove(propertyId);
          if (ar.succeeded()) {
            put(ar.result());
          }
          p.handle(ar);
        });
    return p.future();
  }

  /** The gzip of an entry's payload, made once (off the event loop). */
  public Future<Buffer> gzip(Entry e) {
    Buffer g = e.gzip;
    if (g != null) {
      return Future.succeededFuture(g);
    }
    return vertx.executeBlocking(() -> {
      Buffer z = gzip(e.json);
      synchronized (this) {
        if (e.gzip == null) {
          e.gzip = z;
          if (lru.get(e.propertyId) == e) {
            bytes += z.length();
            evict();
          }
        }
      }
      return e.gzip;
    }, false);
  }

  /** Per-entity-type checksums of an entry, computed once (off the event loop). */
  public Future<Map<String, Checksums.Sum>> checksums(Entry e) {
    Map<String, Checksums.Sum> c = e.checksums;
    if (c != null) {
      return Future.succeededFuture(c);
    }
    return vertx.executeBlocking(() -> {
      if (e.checksums == null) {
        e.checksums = Checksums.of(catalog, new JsonObject(e.json));
      }
      return e.checksums;
    }, false);
  }

  private synchronized void put(Entry e) {
    Entry old = lru.get(e.propertyId);
    if (old != null && old.version > e.version && old.epoch.equals(e.epoch)) {
      return;
    }
    if (old != null) {
      bytes -= old.bytes();
    }
    lru.put(e.propertyId, e);
    bytes += e.bytes();
    evict();
  }

  private void evict() {
    Iterator<Map.Entry<UUID, Entry>> it = lru.entrySet().iterator();
    while (bytes > maxBytes && lru.size() > 1 && it.hasNext()) {
      Entry victim = it.next().getValue();
      bytes -= victim.bytes();
      it.remove();
    }
  }

  public synchronized long cachedBytes() {
    return bytes;
  }

  public int building() {
    return building.get();
  }

  static Buffer gzip(Buffer b) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, b.length() / 6));
      try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
        z.write(b.getBytes());
      }
      return Buffer.buffer(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
