package io.possync.cloud.pos;

import io.possync.core.Addresses;
import io.possync.core.auth.DeviceAuth;
import io.possync.core.auth.DeviceTokens;
import io.possync.core.auth.Sessions;
import io.possync.core.caps.CheckRules;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.PosFrame;
import io.possync.core.catalog.Catalog;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.PossyncException;
import io.possync.core.pos.PosAuth;
import io.possync.core.pos.PosRoutes;
import io.possync.core.pos.PosSite;
import io.possync.core.pos.PosSites;
import io.possync.core.pos.PosSockets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GREEN mode (POS-API.md section 8): a cloud node serves {@code /api/pos} and {@code /ws/pos} for every property,
 * with the same check logic and routes as the host, over PostgreSQL ({@link PgCheckStore}, {@link PgSessionStore}),
 * so several nodes serve one property consistently. A call's token names its property (a device token's claim, a
 * session token's prefix); the property's site is made on its first call. Sockets hear of every check any node
 * committed through PostgreSQL's notifications ({@link Addresses#CLOUD_CHECK_CHANGED}).
 *
 * <p>Card and gift card tenders are the host's (the processor's keys live only in the host's vault): on the cloud
 * they answer 402 {@code offline_limit}, and cash and other local tenders are taken.
 */
public final class CloudPos implements PosSites {

  private final Vertx vertx;
  private final Pool pool;
  private final Catalog catalog;
  private final CloudPosConfigs configs;
  private final Clock clock;
  private final Map<UUID, PosSite> sites = new ConcurrentHashMap<>();
  private final CloudKitchen kitchen;

  public CloudPos(Vertx vertx, Pool pool, Catalog catalog, CloudPosConfigs configs, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.configs = configs;
    this.clock = clock;
    this.kitchen = new CloudKitchen(vertx, pool, configs, clock);
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_CONFIG_CHANGED, m -> {
      io.possync.core.wire.PushEvent e = io.possync.core.wire.PushEvent.fromJson(m.body());
      configs.announce(e.propertyId(), e.version());
      PosSite site = sites.get(e.propertyId());
      if (site != null) {
        PosConfig before = configs.latest(e.propertyId());
        configs.current(e.propertyId()).onSuccess(cfg -> configApplied(site, before, cfg));
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CLOUD_CHECK_CHANGED, m -> {
      UUID property = UUID.fromString(m.body().getString(Addresses.PROPERTY_ID));
      if (io.possync.core.caps.AuditEntry.CLOUD.equals(m.body().getString(Addresses.ORIGIN))) {
        kitchen.wake(property); // a send on the cloud: its tickets for the cloud's displays
      }
      PosSite site = sites.get(property);
      if (site != null) {
        site.sockets().send(new PosFrame(PosFrame.CHECK_UPDATED, m.body().getString(Addresses.CHECK_ID),
            m.body().getInteger(Addresses.REVISION), null, null));
      }
    });
  }

  /**
   * A new configuration is in force for a property this node serves, as on the host: the sockets hear
   * {@code session:revoked} for each employee it deactivated or removed and {@code config:applied}; the sessions it
   * no longer allows end (in PostgreSQL: on every node), and sockets and KDS screens whose session or device it
   * revoked are closed. Every node decides the frames from the two configurations alone, so the workstations
   * connected to each hear them, whichever node ended the sessions.
   */
  private void configApplied(PosSite site, PosConfig before, PosConfig cfg) {
    if (cfg.version() == before.version()) {
      return; // another node's announcement of a version this node already had
    }
    for (String employeeId : before.table("employees").keySet()) {
      boolean was = before.employee(employeeId).map(PosConfig.Employee::active).orElse(false);
      boolean is = cfg.employee(employeeId).map(PosConfig.Employee::active).orElse(false);
      if (was && !is) {
        site.sockets().send(PosFrame.sessionRevoked(employeeId));
      }
    }
    site.sockets().send(PosFrame.configApplied(cfg.version()));
    site.auth().sessions().revokeFor(cfg).onComplete(ar -> site.sockets().recheck(cfg));
    cfg.property().ifPresent(p -> kitchen.hub(p.id()).recheck(cfg));
  }

  @Override
  public Future<PosSite> of(String token) {
    String session = Sessions.propertyOf(token);
    String claimed = session != null ? session : DeviceTokens.claimedProperty(token);
    UUID property;
    try {
      property = UUID.fromString(claimed);
    } catch (RuntimeException e) {
      return Future.failedFuture(session != null
          ? new PossyncException(ErrorCode.SESSION_REVOKED, "the session ended: sign in again")
          : new PossyncException(ErrorCode.INVALID_TOKEN, "the device token is not valid here: issue a new one"));
    }
    return configs.current(property).transform(ar -> {
      if (ar.failed()) { // an unknown property is a bad token, not a missing page
        return Future.failedFuture(ar.cause() instanceof PossyncException p && p.code() == ErrorCode.NOT_FOUND
            ? new PossyncException(ErrorCode.INVALID_TOKEN, "the device token is not valid here: issue a new one")
            : ar.cause());
      }
      return Future.succeededFuture(sites.computeIfAbsent(property, this::site));
    });
  }

  private PosSite site(UUID property) {
    java.util.function.Supplier<PosConfig> config = () -> configs.latest(property);
    Sessions sessions = new Sessions(clock, work -> vertx.executeBlocking(work, false),
        new PgSessionStore(pool, property), property.toString());
    PosAuth auth = new PosAuth(config, new DeviceAuth(vertx, property.toString()), sessions);
    CheckService checks = new CheckService(new PgCheckStore(pool, property, PgCheckStore.CLOUD_FIRST_NUMBER), config,
        clock);
    return new PosSite(config, auth, checks, new PosSockets());
  }

  private long housekeeping = -1;

  /** Starts the timers: the kitchen's sweep, the hourly housekeeping. */
  public void start() {
    kitchen.start();
    housekeeping = vertx.setPeriodic(PosHousekeeping.EVERY_MS, PosHousekeeping.EVERY_MS, id -> PosHousekeeping.run(pool)
        .onFailure(err -> java.util.logging.Logger.getLogger(CloudPos.class.getName())
            .fine("GREEN mode housekeeping did not run (tried again in an hour): " + err)));
  }

  public void stop() {
    kitchen.stop();
    vertx.cancelTimer(housekeeping);
  }

  /** The workstation API and its socket, and the payments the cloud takes (cash and local tenders). */
  public void mount(Router router) {
    PosRoutes routes = new PosRoutes(catalog, this);
    routes.mount(router);
    new io.possync.core.pos.KdsRoutes(this, kitchen::hub).mount(router);
    router.post("/api/pos/checks/:id/payments").handler(ctx -> routes.write(ctx, "payments", (checks, call) -> {
      String tenderId = call.body().getValue("tenderId") instanceof String s ? s : null;
      PosConfig.Tender t = new CheckRules(checks.configuration(), () -> UUID.randomUUID().toString())
          .tender(tenderId);
      if (t.usesProcessor() || PosConfig.Tender.GIFT_CARD.equals(t.tenderType())) {
        return Future.failedFuture(new PossyncException(ErrorCode.OFFLINE_LIMIT, "the service host takes card and "
            + "gift card payments; while it is down (GREEN mode) take cash"));
      }
      return checks.addLocalPayment(call);
    }));
  }
}
