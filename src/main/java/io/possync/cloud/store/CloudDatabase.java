package io.possync.cloud.store;

import io.possync.core.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;

/**
 * The cloud's configuration store: a pool on a PostgreSQL whose schema has been migrated, whose capture triggers
 * are installed and whose tables agree with the catalog.
 */
public final class CloudDatabase {

  private final Pool pool;
  private final PgConnectOptions options;
  private final String epoch;
  private final List<String> appliedNow;

  private CloudDatabase(Pool pool, PgConnectOptions options, String epoch, List<String> appliedNow) {
    this.pool = pool;
    this.options = options;
    this.epoch = epoch;
    this.appliedNow = appliedNow;
  }

  public static Pool pool(Vertx vertx, PgConnectOptions options, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setShared(false))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /** Opens a pool and brings the schema up to date. */
  public static Future<CloudDatabase> open(Vertx vertx, PgConnectOptions options, int poolSize) {
    Catalog catalog = Catalog.get();
    Pool pool = pool(vertx, options, poolSize);
    return pool.withConnection(conn -> Migrations.apply(conn)
            .compose(applied -> CaptureTriggers.install(conn, catalog).map(x -> applied)))
        .compose(applied -> SchemaCheck.run(pool, catalog).compose(problems -> problems.isEmpty()
            ? Future.succeededFuture(applied)
            : Future.failedFuture(new IllegalStateException("the database schema and the entity catalog disagree: "
                + String.join("; ", problems)))))
        .compose(applied -> pool.query("SELECT value FROM possync_meta WHERE key = 'epoch'").execute()
            .map(rows -> new CloudDatabase(pool, options, rows.iterator().next().getString(0), applied)))
        .onFailure(err -> pool.close());
  }

  public Pool pool() {
    return pool;
  }

  /** Connect options of this database, for a LISTEN connection of its own. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(options);
  }

  /** The database's epoch: a random id made with the schema; a restored or reset database has another. */
  public String epoch() {
    return epoch;
  }

  /** Migrations this open applied (empty when the schema was current). */
  public List<String> appliedNow() {
    return appliedNow;
  }

  public Future<Void> close() {
    return pool.close();
  }
}
