package io.possync.cloud.pos;

import io.possync.core.Addresses;
import io.possync.core.caps.PosConfig;
import io.possync.core.kitchen.KdsHub;
import io.possync.core.kitchen.KdsTicket;
import io.possync.core.kitchen.KitchenEvent;
import io.possync.core.kitchen.KitchenRouting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * GREEN mode's kitchen displays (POS-API.md section 8): a send made on the cloud becomes KDS tickets for the
 * property's displays connected to the cloud, with the same routing and frames as on the host ({@link KitchenRouting},
 * {@link KdsHub}); its chits print on the host when it is back (the events go to it by the check exchange).
 *
 * <p>Every node hears of a send (PostgreSQL's notification) and tries to dispatch; one node at a time dispatches a
 * property (a transaction-scoped advisory lock; a node that finds it taken tries again shortly), so the events of one
 * property are handled in order, each in the transaction that marks it done: the sends of a batch make their tickets
 * before its voids take lines back from them. A display's screens may be connected to several nodes: a frame goes to
 * this node's screens at once and to the other nodes through {@value #CHANNEL} (a frame too large for a notification
 * makes each node send the display a fresh snapshot). When a node's notification connection comes back, its screens
 * get a fresh snapshot: frames sent meanwhile were lost.
 */
public final class CloudKitchen {

  private static final Logger LOG = Logger.getLogger(CloudKitchen.class.getName());
  /** {@code "<propertyId> <displayId> <frame JSON | snapshot>"}. */
  public static final String CHANNEL = "possync_kds";
  public static final String SNAPSHOT = "snapshot";
  /** PostgreSQL's notification payload is under 8000 bytes. */
  static final int MAX_NOTIFY_BYTES = 7800;
  static final int BATCH = 100;
  /** How often events no notification woke are looked for (a node that was down, a lost notification). */
  static final long SWEEP_MS = 10_000;

  private static final String CLAIM = "SELECT id, payload::text FROM pos_kitchen_events "
      + "WHERE property_id = $1 AND NOT kds_done ORDER BY seq LIMIT " + BATCH;
  /** One node dispatches a property at a time (held to the end of the dispatch's transaction). */
  private static final String LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('possync_kds ' || $1::text))";
  /** How soon a node that found the property's dispatch under way elsewhere looks again. */
  static final long BUSY_RETRY_MS = 250;

  /** This node, in its notifications: it has handed its own frames to its screens already. */
  private final String node = UUID.randomUUID().toString();
  private final Vertx vertx;

  private final Pool pool;
  private final CloudPosConfigs configs;
  private final Clock clock;
  private final Map<UUID, KdsHub> hubs = new ConcurrentHashMap<>();
  private final Set<UUID> running = ConcurrentHashMap.newKeySet();
  private final Set<UUID> again = ConcurrentHashMap.newKeySet();
  private final Set<UUID> failing = ConcurrentHashMap.newKeySet();
  /** Every cloud node of this process (tests run several): one gauge counts their screens. */
  private static final java.util.List<CloudKitchen> NODES = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    KdsHub.registerGauge(io.possync.core.metrics.Metrics.registry(), "cloud",
        () -> NODES.stream().flatMap(k -> k.hubs.values().stream()).toList());
  }

  public CloudKitchen(Vertx vertx, Pool pool, CloudPosConfigs configs, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;

    this.configs = configs;
    this.clock = clock;
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_KDS_FRAME, m -> {
      KdsHub hub = hubs.get(UUID.fromString(m.body().getString(Addresses.PROPERTY_ID)));
      if (hub == null || node.equals(m.body().getString(Addresses.NODE))) {
        return; // no screen of the property on this node, or this node's own frame (handed over already)
      }
      String display = m.body().getString(Addresses.DISPLAY_ID);
      JsonObject frame = m.body().getJsonObject(Addresses.FRAME);
      if (frame == null) {
        hub.resnapshot(display);
      } else {
        hub.deliver(display, frame);
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_NOTIFICATIONS, m -> {
      if (Boolean.TRUE.equals(m.body().getBoolean(Addresses.LISTENING))) {
        hubs.values().forEach(KdsHub::resnapshotAll); // frames of other nodes were lost while it did not listen
      }
    });
  }

  private long sweep = -1;

  /** Starts looking for waiting events on a timer, and counts this node's screens. */
  public void start() {
    NODES.add(this);
    sweep = vertx.setPeriodic(SWEEP_MS, SWEEP_MS, id -> pool.query("SELECT DISTINCT property_id "
        + "FROM pos_kitchen_events WHERE NOT kds_done").execute().onSuccess(rows -> rows.forEach(r -> wake(r.getUUID(0)))));
  }

  private volatile boolean stopped;

  public void stop() {
    stopped = true;
    NODES.remove(this);
    vertx.cancelTimer(sweep);
  }

  /** The property's hub (made on first use). */
  public KdsHub hub(String propertyId) {
    UUID p = UUID.fromString(propertyId);
    return hubs.computeIfAbsent(p, k -> new KdsHub(new PgKdsTickets(pool, k), clock,
        (display, frame) -> fanOut(k, display, frame)));
  }

  public java.util.Collection<KdsHub> hubs() {
    return hubs.values();
  }

  /** Carries a frame to every node's screens of the display. */
  private void fanOut(UUID property, String display, JsonObject frame) {
    KdsHub hub = hubs.get(property);
    if (hub != null) {
      hub.deliver(display, frame);
    }
    String head = property + " " + display + " " + node + " ";
    String payload = head + frame.encode();
    if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_NOTIFY_BYTES) {
      payload = head + SNAPSHOT;
    }
    pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload))
        .onFailure(err -> LOG.fine("a KDS frame could not be sent (screens get it with their next snapshot): " + err));
  }

  /** Dispatches what waits for the property's displays now (or right after the dispatch under way). */
  public void wake(UUID property) {
    if (!running.add(property)) {
      again.add(property);
      return;
    }
    again.remove(property);
    configs.current(property).compose(cfg -> pass(property, cfg)).onComplete(ar -> {
      running.remove(property);
      if (ar.failed() && !stopped && failing.add(property)) { // once until it works again
        LOG.warning("GREEN mode KDS tickets of property " + property + " cannot be made now (retried every "
            + SWEEP_MS / 1000 + " s; check the database): " + ar.cause());
      } else if (ar.succeeded() && failing.remove(property)) {
        LOG.info("GREEN mode KDS tickets of property " + property + " are made again");
      }
      if (ar.succeeded() && ar.result() == null) {
        vertx.setTimer(BUSY_RETRY_MS, id -> wake(property)); // another node dispatches it now
      } else if ((ar.succeeded() && ar.result()) || again.remove(property)) {
        wake(property);
      }
    });
  }

  /** One batch; whether more may wait (null: another node dispatches the property now). */
  private Future<Boolean> pass(UUID property, PosConfig cfg) {
    PgKdsTickets store = new PgKdsTickets(pool, property);
    List<KdsTicket> made = new ArrayList<>();
    List<String[]> voids = new ArrayList<>();
    int[] claimed = {0};
    boolean[] busy = {false};
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(property.toString()))
        .compose(locked -> {
      if (!locked.iterator().next().getBoolean(0)) {
        busy[0] = true;
        return Future.succeededFuture();
      }
      return conn.preparedQuery(CLAIM).execute(Tuple.of(property)).compose(rows -> {
      claimed[0] = rows.size();
      List<String> done = new ArrayList<>();
      List<KitchenEvent> voidEvents = new ArrayList<>();
      for (Row r : rows) {
        String id = r.getString(0);
        done.add(id);
        KitchenEvent e;
        KitchenRouting.Routed routed;
        try {
          e = KitchenEvent.fromJson(new JsonObject(r.getString(1)));
          routed = KitchenRouting.route(cfg, e);
        } catch (RuntimeException x) {
          LOG.severe("kitchen event " + id + " of property " + property + " cannot be routed to the cloud's "
              + "displays and is skipped there (its chits still print on the host): " + x);
          continue;
        }
        if (KitchenEvent.VOID.equals(e.kind())) {
          voidEvents.add(e);
        } else {
          made.addAll(KitchenRouting.tickets(cfg, e, routed, () -> UUID.randomUUID().toString()));
        }
      }
      // the batch's sends make their tickets first: a void takes its lines back from them too
      Future<Void> f = store.add(conn, made);
      for (KitchenEvent e : voidEvents) {
        f = f.compose(v -> store.ofCheck(conn, e.checkId()).compose(existing -> {
          KitchenRouting.Voided v2 = KitchenRouting.voidLines(e, existing);
          voids.addAll(v2.frames());
          return store.update(conn, v2.changed());
        }));
      }
      return f.compose(v -> conn.preparedQuery("UPDATE pos_kitchen_events SET kds_done = true "
              + "WHERE property_id = $1 AND id = ANY($2)")
              .execute(Tuple.of(property).addArrayOfString(done.toArray(String[]::new))))
          .mapEmpty();
      });
    })).map(v -> {
      if (busy[0]) {
        return null;
      }
      KdsHub hub = hub(property.toString());
      made.forEach(hub::ticket);
      voids.forEach(x -> hub.voided(x[0], x[1], x[2]));
      return claimed[0] == BATCH;
    });
  }
}
