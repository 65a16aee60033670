package io.possync.host.controllers;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.core.Addresses;
import io.possync.core.auth.DeviceAuth;
import io.possync.core.auth.Sessions;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.core.caps.PosFrame;
import io.possync.core.catalog.Catalog;
import io.possync.host.cache.LocalCache;
import io.possync.host.config.ConfigSnapshot;
import io.possync.core.pos.PosAuth;
import io.possync.core.pos.PosRoutes;
import io.possync.core.pos.PosSockets;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.possync.core.kitchen.KdsHub;
import io.possync.core.pos.KdsRoutes;
import io.possync.host.controllers.kds.KdsTickets;
import io.possync.host.controllers.kitchen.KitchenDispatcher;
import io.possync.host.controllers.print.PrintDispatcher;
import io.possync.host.controllers.print.PrintQueue;
import io.possync.host.controllers.print.PrintRoutes;
import io.possync.host.controllers.print.PrinterClient;
import io.possync.host.controllers.payment.CardPayments;
import io.possync.host.controllers.payment.GiftCards;
import io.possync.host.controllers.payment.HttpCardProcessor;
import io.possync.host.controllers.payment.PaymentMetrics;
import io.possync.host.controllers.payment.PaymentRoutes;
import io.possync.host.controllers.payment.PaymentService;
import io.possync.host.controllers.payment.PaymentStore;
import io.possync.host.controllers.payment.Vault;
import io.possync.host.sync.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The host's service controllers (DESIGN.md section 9) put together over the cache file: CAPS (checks, sessions,
 * the workstation API and its socket), the kitchen dispatcher, the print controller and the KDS controller. Each
 * part is a plain class; this only connects them and mounts their routes on the LAN router.
 */
public final class PosControllers {

  /** The most a card processor call may take, connecting included. */
  public static final long PROCESSOR_TIMEOUT_MS = 15_000;
  /** A printer that does not answer its status request within this is taken as failed (POS-API.md section 5). */
  public static final long PRINTER_REPLY_MS = 3000;
  /** The first check number of each business date on the host (the cloud numbers from another range). */
  public static final int HOST_FIRST_NUMBER = 1;
  /** How often idempotency keys past their window, and finished rows past theirs ({@link Housekeeping}), go. */
  static final long KEY_PRUNE_MS = 3_600_000;

  private final Catalog catalog;
  private final Supplier<PosConfig> config;
  private final PosAuth auth;
  private final CheckService checks;
  private final PosSockets sockets;
  private final PrintRoutes printRoutes;
  private final PaymentService payments;
  private final PrintDispatcher printer;
  private final KdsHub kds;
  private final KitchenDispatcher kitchen;
  private final SqliteCheckStore store;
  private final Runnable timers;

  private PosControllers(Catalog catalog, Supplier<PosConfig> config, PosAuth auth, CheckService checks,
                         PosSockets sockets, PrintRoutes printRoutes, PaymentService payments, KdsHub kds,
                         KitchenDispatcher kitchen, PrintDispatcher printer, SqliteCheckStore store, Runnable timers) {
    this.printRoutes = printRoutes;
    this.payments = payments;
    this.timers = timers;
    this.catalog = catalog;
    this.config = config;
    this.auth = auth;
    this.checks = checks;
    this.sockets = sockets;
    this.printer = printer;
    this.kds = kds;
    this.kitchen = kitchen;
    this.store = store;
  }

  /** A PosConfig per applied snapshot, made once per version. */
  static Supplier<PosConfig> configOf(Supplier<ConfigSnapshot> snapshots) {
    PosConfig[] last = new PosConfig[1];
    ConfigSnapshot[] of = new ConfigSnapshot[1];
    return () -> {
      ConfigSnapshot s = snapshots.get();
      synchronized (last) {
        if (s != of[0]) {
          of[0] = s;
          last[0] = s == null ? new PosConfig(0, t -> java.util.Map.of()) : new PosConfig(s.version(), s::table);
        }
        return last[0];
      }
    };
  }

  /**
   * Starts the controllers over the cache file.
   *
   * @param vault the card processor credentials ({@link Vault#read}); {@link Vault#NONE} when the host takes no cards
   */
  public static Future<PosControllers> start(Vertx vertx, LocalCache cache, Catalog catalog, String propertyId,
                                             Supplier<ConfigSnapshot> snapshots, Clock clock, MeterRegistry registry,
                                             Vault vault) {
    Supplier<PosConfig> config = configOf(snapshots);
    return SqliteCheckStore.open(vertx, cache, clock, HOST_FIRST_NUMBER).compose(store -> PrintQueue.open(cache)
        .compose(printQueue -> KdsTickets.open(cache).compose(tickets -> PaymentStore.open(vertx, cache)
        .compose(paymentStore -> {
          Sessions sessions = new Sessions(clock, work -> vertx.executeBlocking(work, false),
              new io.possync.core.auth.MemorySessionStore(), propertyId);
          PosAuth auth = new PosAuth(config, new DeviceAuth(vertx, propertyId), sessions);
          CheckService checks = new CheckService(store, config, clock);
          PosSockets sockets = new PosSockets();
          PrinterClient printerClient = new PrinterClient(vertx, PRINTER_REPLY_MS);
          PrintDispatcher printer = new PrintDispatcher(vertx, printQueue, printerClient, config, clock,
              new Backoff(1000, 60_000), registry);
          KdsHub kds = new KdsHub(tickets, clock);
          KdsHub.registerGauge(registry, "host", () -> java.util.List.of(kds));
          KitchenDispatcher kitchen = new KitchenDispatcher(vertx, cache, store, printQueue, printer, tickets, kds,
              config, clock, new Backoff(100, 30_000), registry);
          Runnable[] afterCommit = {() -> { }};
          checks.onCommitted(c -> {
            sockets.send(PosFrame.checkUpdated(c));
            kitchen.wake();
            afterCommit[0].run();
            if (!c.isOpen()) {
              vertx.eventBus().publish(Addresses.HOST_UPLOAD, null); // it went to the posting queue with this write
            }
          });
          Housekeeping housekeeping = new Housekeeping(cache, clock);
          long pruning = vertx.setPeriodic(KEY_PRUNE_MS, KEY_PRUNE_MS, id -> store.pruneKeys()
              .compose(n -> housekeeping.run()));
          PrintRoutes printRoutes = new PrintRoutes(auth, checks, printQueue, printer, config, clock, printerClient);
          PaymentMetrics paymentMetrics = new PaymentMetrics(registry, clock);
          CardPayments cards = new CardPayments(vertx, checks, paymentStore, new HttpCardProcessor(vertx,
              () -> vault.credential(config.get().paymentCredentialRef()).orElse(null), PROCESSOR_TIMEOUT_MS), config,
              clock, new Backoff(1000, 60_000), paymentMetrics);
          GiftCards gifts = new GiftCards(checks, paymentStore, config, clock, paymentMetrics);
          PaymentService payments = new PaymentService(checks, config, cards, gifts, printRoutes::kickDrawer,
              paymentMetrics);
          PosControllers pc = new PosControllers(catalog, config, auth, checks, sockets, printRoutes, payments, kds,
              kitchen, printer, store, () -> vertx.cancelTimer(pruning));
          pc.afterCommit = r -> afterCommit[0] = r;
          return printer.start().compose(v -> payments.start()).map(v -> {
            kitchen.wake(); // sends that waited across a restart
            return pc;
          });
        }))));
  }

  public void mount(Router router) {
    io.possync.core.pos.PosSites site = io.possync.core.pos.PosSites.only(
        new io.possync.core.pos.PosSite(config, auth, checks, sockets));
    PosRoutes pos = new PosRoutes(catalog, site);
    pos.mount(router);
    new PaymentRoutes(pos, payments).mount(router);
    printRoutes.mount(router);
    new KdsRoutes(site, property -> kds).mount(router);
  }

  /** A new configuration is in force: end the sessions it no longer allows, and tell the workstations. */
  public void configApplied() {
    PosConfig cfg = config.get();
    auth.sessions().revokeFor(cfg).onSuccess(gone -> {
      for (String employeeId : gone) {
        sockets.send(PosFrame.sessionRevoked(employeeId));
      }
      sockets.send(PosFrame.configApplied(cfg.version()));
      sockets.recheck(cfg);
    });
    kds.recheck(cfg);
  }

  public PrintDispatcher printer() {
    return printer;
  }

  private java.util.function.Consumer<Runnable> afterCommit;

  /** Runs {@code r} after every check write (the check exchange with the cloud). */
  public void afterCommit(Runnable r) {
    afterCommit.accept(r);
  }

  public SqliteCheckStore store() {
    return store;
  }

  public CheckService checks() {
    return checks;
  }

  /** Kitchen events joined the outbox from elsewhere (GREEN mode's sends): dispatch them. */
  public void kitchenWake() {
    kitchen.wake();
  }

  /** Stops delivering and closes the check store's connection (waiting work stays in the file). */
  public Future<Void> stop() {
    timers.run();
    printer.stop();
    kitchen.stop();
    payments.stop();
    return store.close();
  }
}
