package io.possync.support;

import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.PropertyImport;
import io.possync.core.catalog.Catalog;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;

/** A test class's own migrated database, with a Vert.x instance and pool on it. */
public final class TestStore implements AutoCloseable {

  public final Vertx vertx;
  public final PgConnectOptions options;
  public final CloudDatabase db;

  private TestStore(Vertx vertx, PgConnectOptions options, CloudDatabase db) {
    this.vertx = vertx;
    this.options = options;
    this.db = db;
  }

  public static TestStore create(Class<?> owner) {
    PgConnectOptions o = TestPostgres.newDatabase(owner.getSimpleName());
    Vertx vertx = Vertx.vertx();
    return new TestStore(vertx, o, CloudDatabase.open(vertx, o, 4).await());
  }

  public Pool pool() {
    return db.pool();
  }

  public Connection jdbc() throws SQLException {
    return TestPostgres.jdbc(options);
  }

  /** The sample restaurant (generated with a fast bcrypt cost), imported; returns its file. */
  public JsonObject importSample(String name) {
    JsonObject file = new PropertyGenerator(name, new PropertyGenerator.Size(40, 20, 6, 60, 8, 4, 4)).generate();
    new PropertyImport(Catalog.get()).run(pool(), file, null).await();
    return file;
  }

  @Override
  public void close() {
    db.close().await();
    vertx.close().await();
    TestPostgres.dropDatabase(options);
  }
}
