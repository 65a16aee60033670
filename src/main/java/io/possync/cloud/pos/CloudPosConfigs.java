package io.possync.cloud.pos;

import io.possync.cloud.sync.SnapshotCache;
import io.possync.core.Addresses;
import io.possync.core.caps.PosConfig;
import io.possync.core.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration in force of each property a cloud node sells for (GREEN mode), as the check logic reads it: built
 * from the property's full snapshot ({@link SnapshotCache}, shared with the sync API) once per version. A config is
 * current while the node hears PostgreSQL's notifications and none announced a newer version; while it does not
 * (its LISTEN connection is down), every call asks the database for the version, so a call never runs on a config
 * older than the last one committed before it.
 */
public final class CloudPosConfigs {

  private final SnapshotCache snapshots;
  private final Catalog catalog;
  /** Properties whose configuration a node keeps built at most (the least recently used one goes first). */
  static final int MAX_PROPERTIES = 512;
  private final Map<UUID, PosConfig> built = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, PosConfig> eldest) {
          return size() > MAX_PROPERTIES;
        }
      });
  private final Map<UUID, Integer> announced = new ConcurrentHashMap<>();
  private final Map<UUID, Future<PosConfig>> building = new ConcurrentHashMap<>();
  private volatile boolean listening = true;

  public CloudPosConfigs(Vertx vertx, SnapshotCache snapshots, Catalog catalog) {
    this.snapshots = snapshots;
    this.catalog = catalog;
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_NOTIFICATIONS, m ->
        listening = Boolean.TRUE.equals(m.body().getBoolean(Addresses.LISTENING)));
  }

  /** A version of the property was committed (PostgreSQL said so): the next {@link #current} reads it. */
  public void announce(UUID propertyId, int version) {
    announced.merge(propertyId, version, Math::max);
  }

  /** The last config built for a property (what a call's check logic reads once {@link #current} answered). */
  public PosConfig latest(UUID propertyId) {
    PosConfig c = built.get(propertyId);
    return c != null ? c : new PosConfig(0, t -> Map.of());
  }

  /** The property's config in force; 404 for an unknown property. */
  public Future<PosConfig> current(UUID propertyId) {
    PosConfig c = built.get(propertyId);
    if (c != null && listening && c.version() >= announced.getOrDefault(propertyId, 0)) {
      return Future.succeededFuture(c);
    }
    Future<PosConfig> running = building.get(propertyId);
    if (running != null) {
      return running;
    }
    Future<PosConfig> f = snapshots.current(propertyId).map(entry -> {
      PosConfig have = built.get(propertyId);
      if (have != null && have.version() == entry.version) {
        return have;
      }
      Map<String, Map<String, JsonObject>> tables = catalog.tables(new JsonObject(entry.json));
      PosConfig next = new PosConfig(entry.version, t -> tables.getOrDefault(t, Map.of()));
      built.put(propertyId, next);
      return next;
    });
    building.put(propertyId, f);
    return f.onComplete(ar -> building.remove(propertyId, f));
  }
}
