package io.possync.cloud.push;

import io.micrometer.core.instrument.Gauge;
import io.possync.cloud.sync.HostAuth;
import io.possync.core.Addresses;
import io.possync.core.metrics.Metrics;
import io.possync.core.wire.PushEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The push hub's ear on PostgreSQL: LISTENs to the channels the database notifies on commit and publishes each
 * event on the event bus, where every HTTP server instance of this node pushes it to its hosts' sockets. Because
 * the notification comes from PostgreSQL, a commit made through any cloud node, or by plain SQL, reaches the hosts
 * of every node. After the connection drops and comes back, notifications sent meanwhile are lost, so every
 * property's current version is announced once (push is a hint; hosts ask for ?since= anyway), and the node's
 * token caches are told on {@link Addresses#CLOUD_NOTIFICATIONS} when it stops and starts listening.
 */
public class PushHubVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(PushHubVerticle.class.getName());
  public static final String CONFIG_CHANNEL = "possync_config";
  public static final String PUSH_CHANNEL = "possync_push";
  public static final String AUTH_CHANNEL = "possync_auth";
  /**
   * {@code "<propertyId> <checkId> <revision> <origin>"}: a check committed by a cloud node (cloud/pos/PgCheckStore);
   * origin {@code cloud} for a workstation's write there, {@code host} for a state the host sent.
   */
  public static final String CHECK_CHANNEL = "possync_pos";

  /** Hubs of this process whose LISTEN connection is up (one per cloud node). */
  private static final AtomicInteger LISTENING = new AtomicInteger();

  static {
    Gauge.builder(Metrics.PUSH_LISTENER_UP, LISTENING, AtomicInteger::get)
        .description("1 while the node listens to PostgreSQL's notifications (0: pushes and token revocations wait)")
        .register(Metrics.registry());
  }

  private final PgConnectOptions options;
  private final Pool pool;
  private final AtomicBoolean up = new AtomicBoolean();
  private PgSubscriber subscriber;
  private boolean connectedBefore;
  private volatile boolean stopping;

  public PushHubVerticle(PgConnectOptions options, Pool pool) {
    this.options = options;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, options)
        // The subscriber asks its policy with 0 retries exactly when an established connection was lost.
        .reconnectPolicy(retries -> {
          if (retries == 0) {
            onLost();
          }
          return Math.min(30_000L, 250L * (1L << Math.min(retries, 7)));
        });
    subscriber.closeHandler(v -> onLost()); // it gave up (only when stopping)
    subscriber.channel(CONFIG_CHANNEL).handler(this::onConfig).subscribeHandler(v -> onSubscribed());
    subscriber.channel(PUSH_CHANNEL).handler(this::onPush);
    subscriber.channel(AUTH_CHANNEL).handler(this::onAuth);
    subscriber.channel(CHECK_CHANNEL).handler(this::onCheck);
    subscriber.channel(io.possync.cloud.pos.CloudKitchen.CHANNEL).handler(this::onKds);
    return subscriber.connect().onSuccess(v -> markListening(true));
  }

  private void markListening(boolean now) {
    if (up.compareAndSet(!now, now)) {
      LISTENING.addAndGet(now ? 1 : -1);
    }
  }

  /** The LISTEN connection dropped: until it is back, notifications are lost. */
  private void onLost() {
    if (!up.get() || stopping) {
      return;
    }
    markListening(false);
    // Not a WARN: the database's own outage is the one a person acts on, and it is reported once where it is seen.
    LOG.info("lost the PostgreSQL notification connection; reconnecting (token caches off, hosts keep syncing by "
        + "heartbeat)");
    vertx.eventBus().publish(Addresses.CLOUD_NOTIFICATIONS, new JsonObject().put(Addresses.LISTENING, false));
  }

  /** Every channel is LISTENed to (all at once, before this runs): at start and after every reconnect. */
  private void onSubscribed() {
    markListening(true);
    if (connectedBefore) {
      vertx.eventBus().publish(Addresses.CLOUD_NOTIFICATIONS, new JsonObject().put(Addresses.LISTENING, true));
      LOG.info("PostgreSQL notifications are back; token caches start afresh; announcing every property's current "
          + "version");
      pool.query("SELECT property_id, version FROM property_versions").execute().onSuccess(rows ->
          rows.forEach(r -> publish(new PushEvent(PushEvent.CONFIG_UPDATED, r.getUUID(0), r.getInteger(1)))));
    }
    connectedBefore = true;
  }

  /** {@code "<propertyId> <version> updated|urgent"}, from the capture trigger. */
  private void onConfig(String payload) {
    String[] p = payload.split(" ");
    if (p.length != 3) {
      LOG.warning("ignoring a malformed notification on " + CONFIG_CHANNEL + ": " + payload);
      return;
    }
    try {
      publish(new PushEvent(p[2].equals("urgent") ? PushEvent.CONFIG_URGENT : PushEvent.CONFIG_UPDATED,
          UUID.fromString(p[0]), Integer.parseInt(p[1])));
    } catch (IllegalArgumentException e) {
      LOG.warning("ignoring a malformed notification on " + CONFIG_CHANNEL + ": " + payload);
    }
  }

  /** {@code "<propertyId> <checkId> <revision> <origin>"}, from a cloud node's check commit. */
  private void onCheck(String payload) {
    String[] p = payload.split(" ");
    try {
      if (p.length != 4) {
        throw new IllegalArgumentException("four fields");
      }
      vertx.eventBus().publish(Addresses.CLOUD_CHECK_CHANGED, new JsonObject()
          .put(Addresses.PROPERTY_ID, UUID.fromString(p[0]).toString()).put(Addresses.CHECK_ID, p[1])
          .put(Addresses.REVISION, Integer.parseInt(p[2])).put(Addresses.ORIGIN, p[3]));
    } catch (IllegalArgumentException e) {
      LOG.warning("ignoring a malformed notification on " + CHECK_CHANNEL + ": " + payload);
    }
  }

  /** {@code "<propertyId> <displayId> <node> <frame JSON | snapshot>"}, from a node's KDS hub. */
  private void onKds(String payload) {
    String[] p = payload.split(" ", 4);
    try {
      if (p.length != 4) {
        throw new IllegalArgumentException("four fields");
      }
      JsonObject m = new JsonObject().put(Addresses.PROPERTY_ID, UUID.fromString(p[0]).toString())
          .put(Addresses.DISPLAY_ID, p[1]).put(Addresses.NODE, p[2]);
      if (!io.possync.cloud.pos.CloudKitchen.SNAPSHOT.equals(p[3])) {
        m.put(Addresses.FRAME, new JsonObject(p[3]));
      }
      vertx.eventBus().publish(Addresses.CLOUD_KDS_FRAME, m);
    } catch (RuntimeException e) {
      LOG.warning("ignoring a malformed notification on " + io.possync.cloud.pos.CloudKitchen.CHANNEL);
    }
  }

  /** {@code "<serviceHostId>"}, from the service_hosts trigger: the host's token or active flag changed. */
  private void onAuth(String payload) {
    try {
      HostAuth.announce(vertx.eventBus(), UUID.fromString(payload));
    } catch (IllegalArgumentException e) {
      LOG.warning("ignoring a malformed notification on " + AUTH_CHANNEL + ": " + payload);
    }
  }

  /** A PushEvent as JSON, from the admin API's sync-request. */
  private void onPush(String payload) {
    try {
      publish(PushEvent.fromJson(new JsonObject(payload)));
    } catch (RuntimeException e) {
      LOG.warning("ignoring a malformed notification on " + PUSH_CHANNEL + ": " + payload);
    }
  }

  private void publish(PushEvent e) {
    vertx.eventBus().publish(Addresses.CLOUD_CONFIG_CHANGED, e.toJson());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    markListening(false);
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
