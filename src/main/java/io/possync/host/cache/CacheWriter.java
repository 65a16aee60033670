package io.possync.host.cache;

import io.possync.core.catalog.Catalog;
import io.possync.core.wire.ApplyRequest;
import io.possync.core.wire.ApplyResult;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Hands each apply request to its applier (full, delta, repair) or records a status word. A payload that needs a
 * cache there is not fails with {@link ApplyResult.Outcome#NEEDS_FULL}. The result is the new immutable snapshot
 * (the same one when nothing changed).
 */
public final class CacheWriter {

  private final CacheRepository repo;
  private final FullApplier full;
  private final DeltaApplier delta;
  private final RepairApplier repair;

  public CacheWriter(Vertx vertx, Catalog catalog, LocalCache cache, UUID propertyId) {
    this.repo = new CacheRepository(cache, propertyId);
    this.full = new FullApplier(vertx, catalog, repo);
    this.delta = new DeltaApplier(catalog, repo);
    this.repair = new RepairApplier(catalog, repo);
  }

  /** The snapshot kept in the cache, or null when the cache has never been synced. */
  public Future<ConfigSnapshot> load() {
    return repo.load();
  }

  public Future<ConfigSnapshot> apply(ApplyRequest req, ConfigSnapshot current, Instant now) {
    return switch (req.kind()) {
      case FULL -> full.apply(req.payload(), now);
      case DELTA -> current == null ? needsFull(req, "a delta needs a cache: full sync first")
          : delta.apply(req.payload(), current, now);
      case REPAIR -> current == null ? needsFull(req, "nothing to repair: full sync first")
          : repair.apply(req.payload(), req.repairKeys(), current, now);
      case STATUS -> repo.status(req.status()).map(current);
    };
  }

  private static Future<ConfigSnapshot> needsFull(ApplyRequest req, String why) {
    return Future.failedFuture(new RejectedPayloadException(req.claimedVersion(), ApplyResult.Outcome.NEEDS_FULL, why));
  }

  /** Replaces the whole cache with a FullSyncPayload (the benchmark calls it directly). */
  public Future<ConfigSnapshot> applyFull(JsonObject payload, Instant now) {
    return full.apply(payload, now);
  }
}
