package io.possync.cloud;

import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.Compactor;
import io.possync.cloud.store.PostgresServer;
import io.possync.cloud.push.PushHubVerticle;
import io.possync.cloud.sync.HostAuth;
import io.possync.core.Addresses;
import io.possync.core.config.CloudConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * A running cloud node: its PostgreSQL (external or embedded), the migrated database, and the cloud verticles.
 * {@code cloud} and {@code demo} run one; tests start several on one database.
 */
public final class CloudRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CloudRuntime.class.getName());

  private final Vertx vertx;
  private final PostgresServer postgres;
  private final CloudDatabase db;
  private final CloudHttpVerticle http;

  private CloudRuntime(Vertx vertx, PostgresServer postgres, CloudDatabase db, CloudHttpVerticle http) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.db = db;
    this.http = http;
  }

  /** Opens the configured PostgreSQL (starting the embedded one when no URI is set) and opens the store. */
  public static PostgresServer postgres(CloudConfig config) {
    return config.postgresUri() != null
        ? PostgresServer.external(config.postgresUri())
        : PostgresServer.embedded(config.dataDir(), config.embeddedPostgresPort());
  }

  /** Blocking start, for the command line: the node is serving when this returns. */
  public static CloudRuntime start(CloudConfig config) {
    PostgresServer pg = postgres(config);
    Vertx vertx = Vertx.vertx();
    try {
      CloudDatabase db = CloudDatabase.open(vertx, pg.connectOptions(), config.poolSize()).await();
      if (!db.appliedNow().isEmpty()) {
        LOG.info("schema migrated: " + String.join(", ", db.appliedNow()));
      }
      CloudServices services = new CloudServices(vertx, config, db);
      vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_AUTH_CHANGED, m ->
          services.auth.forget(HostAuth.changedHost(m.body())));
      vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_NOTIFICATIONS, m ->
          services.auth.listening(m.body().getBoolean(Addresses.LISTENING)));
      vertx.deployVerticle(new PushHubVerticle(db.connectOptions(), db.pool())).await();
      // Port 0 means any free port; Vert.x shares one random port among servers that ask for a negative one.
      int port = config.httpPort() == 0 ? -1 : config.httpPort();
      CloudHttpVerticle http = new CloudHttpVerticle(services, port);
      vertx.deployVerticle(http).await();
      for (int i = 1; i < config.httpInstances(); i++) {
        vertx.deployVerticle(new CloudHttpVerticle(services, port)).await();
      }
      Compactor compactor = new Compactor(Duration.ofHours(config.retentionHours()),
          Duration.ofHours(config.tombstoneHours()));
      vertx.deployVerticle(new CompactionVerticle(db.pool(), compactor,
          Duration.ofMinutes(config.compactionIntervalMinutes()).toMillis())).await();
      vertx.deployVerticle(new MetricsRetentionVerticle(db.pool(), config.metricsRetentionDays(),
          Duration.ofHours(1).toMillis())).await();
      vertx.deployVerticle(new io.possync.cloud.pos.GreenModeVerticle(services.pos)).await();
      LOG.info("possync cloud listening on " + (config.tlsEnabled() ? "https" : "http") + "://" + config.host() + ":"
          + http.actualPort() + " (" + pg.describe() + ", epoch " + db.epoch() + ")");
      return new CloudRuntime(vertx, pg, db, http);
    } catch (RuntimeException e) {
      vertx.close().await();
      pg.close();
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public CloudDatabase db() {
    return db;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public int httpPort() {
    return http.actualPort();
  }

  @Override
  public void close() {
    try {
      vertx.close().await();
    } finally {
      postgres.close();
    }
  }

}
