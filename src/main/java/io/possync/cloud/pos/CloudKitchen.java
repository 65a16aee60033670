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
 * <p>Every node hears of a send (PostgreSQL's notification) and tries to dispatch; a dispatch claims its events with
 * {@code FOR UPDATE SKIP LOCKED}, so one node makes each event's tickets, in the transaction that marks it done. A
 * display's screens may be connected to several nodes: each frame goes to all of them through
 * {@value #CHANNEL} (a frame too large for a notification makes each node send the display a fresh snapshot).
 */
public final class CloudKitchen {

  private static final Logger LOG = Logger.getLogger(CloudKitchen.class.getName());
  /** {@code "<propertyId> <displayId> <frame JSON | snapshot>"}. */
  public static final String CHANNEL = "possync_kds";
  static final String SNAPSHOT = "snapshot";
  /** PostgreSQL's notification payload is under 8000 bytes. */
  static final int MAX_NOTIFY_BYTES = 7800;
  static final int BATCH = 100;
  /** How often events no notification woke are looked for (a node that was down, a lost notification). */
  static final long SWEEP_MS = 10_000;

  private static final String CLAIM = "SELECT id, payload::text FROM pos_kitchen_events "
      + "WHERE property_id = $1 AND NOT kds_done ORDER BY seq LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";

  private final Pool pool;
  private final CloudPosConfigs configs;
  private final Clock clock;
  private final Map<UUID, KdsHub> hubs = new ConcurrentHashMap<>();
  private final Set<UUID> running = ConcurrentHashMap.newKeySet();
  private final Set<UUID> again = ConcurrentHashMap.newKeySet();

  public CloudKitchen(Vertx vertx, Pool pool, CloudPosConfigs configs, Clock clock) {
    this.pool = pool;
    this.configs = configs;
    this.clock = clock;
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_KDS_FRAME, m -> {
      KdsHub hub = hubs.get(UUID.fromString(m.body().getString(Addresses.PROPERTY_ID)));
      if (hub == null) {
        return; // no screen of the property on this node
      }
      String display = m.body().getString(Addresses.DISPLAY_ID);
      JsonObject frame = m.body().getJsonObject(Addresses.FRAME);
      if (frame == null) {
        hub.resnapshot(display);
      } else {
        hub.deliver(display, frame);
      }
    });
    vertx.setPeriodic(SWEEP_MS, SWEEP_MS, id -> pool.query("SELECT DISTINCT property_id FROM pos_kitchen_events "
        + "WHERE NOT kds_done").execute().onSuccess(rows -> rows.forEach(r -> wake(r.getUUID(0)))));
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
    String payload = property + " " + display + " " + frame.encode();
    if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_NOTIFY_BYTES) {
      payload = property + " " + display + " " + SNAPSHOT;
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
      if (ar.failed()) {
        LOG.warning("GREEN mode KDS tickets of property " + property + " could not be made now (retried within "
            + SWEEP_MS / 1000 + " s): " + ar.cause());
      }
      if ((ar.succeeded() && ar.result()) || again.remove(property)) {
        wake(property);
      }
    });
  }

  /** One batch; whether more may wait. */
  private Future<Boolean> pass(UUID property, PosConfig cfg) {
    PgKdsTickets store = new PgKdsTickets(pool, property);
    List<KdsTicket> made = new ArrayList<>();
    List<String[]> voids = new ArrayList<>();
    int[] claimed = {0};
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(property)).compose(rows -> {
      claimed[0] = rows.size();
      List<String> done = new ArrayList<>();
      Future<Void> f = Future.succeededFuture();
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
          f = f.compose(v -> store.ofCheck(conn, e.checkId()).compose(existing -> {
            KitchenRouting.Voided v2 = KitchenRouting.voidLines(e, existing);
            voids.addAll(v2.frames());
            return store.update(conn, v2.changed());
          }));
        } else {
          made.addAll(KitchenRouting.tickets(cfg, e, routed, () -> UUID.randomUUID().toString()));
        }
      }
      return f.compose(v -> store.add(conn, made))
          .compose(v -> conn.preparedQuery("UPDATE pos_kitchen_events SET kds_done = true "
              + "WHERE property_id = $1 AND id = ANY($2)")
              .execute(Tuple.of(property).addArrayOfString(done.toArray(String[]::new))))
          .mapEmpty();
    })).map(v -> {
      KdsHub hub = hub(property.toString());
      made.forEach(hub::ticket);
      voids.forEach(x -> hub.voided(x[0], x[1], x[2]));
      return claimed[0] == BATCH;
    });
  }
}
