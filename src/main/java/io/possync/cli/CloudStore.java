package io.possync.cli;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.PostgresServer;
import io.possync.core.config.CloudConfig;
import io.vertx.core.Vertx;

/** The cloud store for a one-shot command (import, export, register-host): opened, used, closed. */
final class CloudStore implements AutoCloseable {

  final Vertx vertx;
  final PostgresServer postgres;
  final CloudDatabase db;

  private CloudStore(Vertx vertx, PostgresServer postgres, CloudDatabase db) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.db = db;
  }

  static CloudStore open(ConfOption conf) {
    CloudConfig config = conf.load();
    Ports.checkEmbeddedPostgres(config, conf.conf);
    PostgresServer pg = CloudRuntime.postgres(config);
    Vertx vertx = Vertx.vertx();
    try {
      return new CloudStore(vertx, pg, CloudDatabase.open(vertx, pg.connectOptions(), 2).await());
    } catch (RuntimeException e) {
      vertx.close().await();
      pg.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      db.close().await();
      vertx.close().await();
    } finally {
      postgres.close();
    }
  }
}
