package io.possync.cloud;

import io.possync.cloud.admin.AdminRoutes;
import io.possync.cloud.admin.EntityStore;
import io.possync.cloud.admin.HostDirectory;
import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.DatabaseHealth;
import io.possync.cloud.sync.DeltaQuery;
import io.possync.cloud.sync.Heartbeats;
import io.possync.cloud.sync.HostAuth;
import io.possync.cloud.sync.SnapshotCache;
import io.possync.cloud.sync.SyncRoutes;
import io.possync.cloud.sync.TransactionIntake;
import io.possync.core.catalog.Catalog;
import io.possync.core.config.CloudConfig;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The node's shared, thread-safe parts, made once and handed to every HTTP server instance: token cache, snapshot
 * cache and build limit, delta and heartbeat logic, and what the node knows of its database's health.
 */
public final class CloudServices {

  public final CloudConfig config;
  public final CloudDatabase db;
  public final DatabaseHealth health;
  public final HostAuth auth;
  public final SnapshotCache snapshots;
  public final SyncRoutes sync;
  public final AdminRoutes admin;
  /** The workstation API of every property (GREEN mode). */
  public final io.possync.cloud.pos.CloudPos pos;
  /** The hosts' check exchange (GREEN mode's merge). */
  public final io.possync.cloud.pos.CheckExchangeRoutes checkExchange;

  public CloudServices(Vertx vertx, CloudConfig config, CloudDatabase db) {
    Catalog catalog = Catalog.get();
    this.config = config;
    this.db = db;
    this.health = new DatabaseHealth(vertx, db.pool());
    this.auth = new HostAuth(db.pool());
    this.snapshots = new SnapshotCache(vertx, db.pool(), catalog, config.maxConcurrentFullBuilds(),
        (long) config.snapshotCacheMb() * 1024 * 1024);
    this.sync = new SyncRoutes(db.pool(), auth, snapshots,
        new DeltaQuery(catalog, config.maxDeltaGap(), config.maxDeltaChanges()),
        new Heartbeats(catalog, snapshots, config.maxDeltaGap()), new TransactionIntake());
    this.admin = new AdminRoutes(db.pool(), config.adminToken(), new EntityStore(catalog),
        new HostDirectory(Duration.ofSeconds(config.hostOfflineSeconds())), auth);
    this.pos = new io.possync.cloud.pos.CloudPos(vertx, db.pool(), catalog,
        new io.possync.cloud.pos.CloudPosConfigs(vertx, snapshots, catalog), java.time.Clock.systemUTC());
    this.checkExchange = new io.possync.cloud.pos.CheckExchangeRoutes(auth,
        new io.possync.cloud.pos.CheckMerger(db.pool(), java.time.Clock.systemUTC()));
  }
}
