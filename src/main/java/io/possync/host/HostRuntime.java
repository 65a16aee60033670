package io.possync.host;

import io.possync.core.catalog.Catalog;
import io.possync.core.config.ConfException;
import io.possync.core.config.HostConfig;
import io.possync.core.metrics.Metrics;
import io.possync.host.cache.CacheWriter;
import io.possync.host.cache.CacheWriterVerticle;
import io.possync.host.cache.LocalCache;
import io.possync.host.cache.TransactionQueue;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.possync.core.Addresses;
import io.possync.host.controllers.PosControllers;
import io.possync.host.controllers.payment.Vault;
import io.possync.host.lan.HostLanVerticle;
import io.possync.host.sync.Backoff;
import io.possync.host.sync.CloudClient;
import io.possync.host.sync.CloudLink;
import io.possync.host.sync.HeartbeatReporter;
import io.possync.host.sync.HostMetrics;
import io.possync.host.sync.HostState;
import io.possync.host.sync.PushClientVerticle;
import io.possync.host.sync.Retrier;
import io.possync.host.sync.SyncManagerVerticle;
import io.possync.host.sync.SyncRunner;
import io.possync.host.sync.TransactionUploader;
import io.possync.host.sync.CheckExchanger;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * A running service host: the encrypted cache opened with the host's token, the configuration loaded from it before
 * any network call, then the cache writer, the LAN endpoint, the sync manager and the push client.
 */
public final class HostRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(HostRuntime.class.getName());

  private final Vertx vertx;
  private final LocalCache cache;
  private final ConfigLoader loader;
  private final HostState state;
  private final HostLanVerticle lan;
  private final PosControllers pos;
  private final CheckExchanger exchanger;

  private HostRuntime(Vertx vertx, LocalCache cache, ConfigLoader loader, HostState state, HostLanVerticle lan,
                      PosControllers pos, CheckExchanger exchanger) {
    this.pos = pos;
    this.exchanger = exchanger;
    this.vertx = vertx;
    this.cache = cache;
    this.loader = loader;
    this.state = state;
    this.lan = lan;
  }

  public static String readToken(Path tokenFile) {
    try {
      String t = Files.readString(tokenFile).trim();
      if (t.isEmpty()) {
        throw new ConfException("token file " + tokenFile + " is empty: put the token from register-host there");
      }
      return t;
    } catch (NoSuchFileException e) {
      throw new ConfException("token file " + tokenFile + " does not exist: put the token from register-host there");
    } catch (IOException e) {
      throw new ConfException("cannot read token file " + tokenFile + ": " + e.getMessage());
    }
  }

  /** Blocking start; the LAN endpoint answers when this returns. */
  public static HostRuntime start(HostConfig config, Clock clock, Backoff backoff) {
    String token = readToken(config.tokenFile());
    Vault vault = readVault(config.vaultFile());
    Vertx vertx = Vertx.vertx();
    try {
      Catalog catalog = Catalog.get();
      LocalCache cache = openCache(vertx, config, token);
      CacheWriter writer = new CacheWriter(vertx, catalog, cache, config.propertyId());
      ConfigLoader loader = new ConfigLoader(vertx);
      ConfigSnapshot fromCache = writer.load().await();
      if (fromCache != null) {
        LOG.info("configuration version " + fromCache.version() + " loaded from the cache (" + fromCache.rowCount()
            + " rows); serving it whether or not the cloud answers");
      }
      loader.publish(fromCache);
      HostState state = new HostState();
      vertx.deployVerticle(new CacheWriterVerticle(writer, loader, clock)).await();
      PosControllers pos = PosControllers.start(vertx, cache, catalog, config.propertyId().toString(),
          loader::current, clock, Metrics.registry(), vault).await();
      vertx.eventBus().localConsumer(Addresses.HOST_CONFIG, m -> pos.configApplied());
      HostLanVerticle lan = new HostLanVerticle(config.lanHost(), config.lanPort(), config.lanTlsCertPath(),
          config.lanTlsKeyPath(), config.propertyId(), loader, state, pos::mount, () -> pos.printer().depth());
      vertx.deployVerticle(lan).await();
      CloudClient cloud = new CloudClient(vertx, config.cloudUrl(), config.serviceHostId(), token, 15_000);
      Duration offlineLimit = Duration.ofHours(config.fullSyncAfterOfflineHours());
      HostMetrics metrics = new HostMetrics(Metrics.registry(), loader, state);
      CloudLink link = new CloudLink(vertx, state, metrics, clock, offlineLimit, config.cloudUrl(),
          config.tokenFile().toString(), config.serviceHostId().toString());
      Retrier retrier = new Retrier(vertx, backoff, metrics, link, state);
      SyncManagerVerticle.Parts parts = new SyncManagerVerticle.Parts(loader, state, metrics, link,
          new SyncRunner(vertx, cloud, retrier, loader, state, metrics),
          new HeartbeatReporter(vertx, cloud, retrier, loader, state, catalog, config.dataDir().toFile(),
              cache::pendingTransactions),
          new TransactionUploader(cloud, retrier, new TransactionQueue(cache, clock), state, cache::pendingTransactions));
      vertx.deployVerticle(new SyncManagerVerticle(parts, clock, config.heartbeatSeconds() * 1000L, offlineLimit))
          .await();
      vertx.deployVerticle(new PushClientVerticle(cloud, backoff)).await();
      // GREEN mode's merge: the cloud holds every check of this host, and gives back what was sold on it
      CheckExchanger exchanger = config.greenMode() ? new CheckExchanger(vertx, cloud, pos.store(), pos.checks(),
          state, pos::kitchenWake, Metrics.registry()) : null;
      if (exchanger != null) {
        pos.afterCommit(exchanger::wake);
        vertx.eventBus().localConsumer(Addresses.HOST_CHECKS_EXCHANGE, m -> exchanger.cloudAnswered());
        vertx.setPeriodic(EXCHANGE_RETRY_MS, EXCHANGE_RETRY_MS, id -> {
          if (!state.checksMerged() || exchanger.due()) {
            exchanger.wake(); // what the last exchange left, or more than its rounds carry (a cache's first start)
          }
        });
        exchanger.wake();
      } else {
        state.checksMerged(true); // nothing is sold on the cloud for this property: nothing to wait for
        pos.store().mirrored(false); // and nothing of this host's goes there
        LOG.info("GREEN mode is off (greenMode false): checks stay on this host; workstations cannot sell through "
            + "the cloud while it is down");
      }
      LOG.info("possync host for property " + config.propertyId() + " listening on " + config.lanHost() + ":"
          + lan.actualPort() + ", cloud " + config.cloudUrl());
      return new HostRuntime(vertx, cache, loader, state, lan, pos, exchanger);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /**
   * The card processor credentials: none when the vault file does not exist (the host then takes no cards); a file
   * that others can read, or that is not a vault, stops the start with one line (a conf problem: exit 2).
   */
  static Vault readVault(Path file) {
    if (file == null || !Files.exists(file)) {
      return Vault.NONE;
    }
    try {
      return Vault.read(file);
    } catch (Vault.RefusedException e) {
      throw new ConfException(e.getMessage());
    }
  }

  /**
   * Opens the cache with the token. After a token rotation the operator keeps the old token next to the new one as
   * {@code <tokenFile>.previous}: the data key is then re-wrapped under the new token and the old file removed.
   */
  static LocalCache openCache(Vertx vertx, HostConfig config, String token) {
    Path file = config.dataDir().resolve("cache.db");
    try {
      return LocalCache.open(vertx, file, token).await();
    } catch (LocalCache.WrongTokenException e) {
      Path previous = config.tokenFile().resolveSibling(config.tokenFile().getFileName() + ".previous");
      if (!Files.exists(previous)) {
        throw e;
      }
      LocalCache old = LocalCache.open(vertx, file, readToken(previous)).await();
      old.rewrap(token).await();
      old.close().await();
      try {
        Files.delete(previous);
      } catch (IOException io) {
        LOG.warning("re-wrapped the cache key for the new token, but could not delete " + previous + ": delete it");
      }
      LOG.info("token rotated: the cache key is now wrapped by the new token");
      return LocalCache.open(vertx, file, token).await();
    }
  }

  /** How often a check exchange that left something (or failed) is tried again. */
  static final long EXCHANGE_RETRY_MS = 2000;

  public static HostRuntime start(HostConfig config) {
    return start(config, Clock.systemUTC(), new Backoff(1000, 60_000));
  }

  public Vertx vertx() {
    return vertx;
  }

  public ConfigLoader config() {
    return loader;
  }

  public HostState state() {
    return state;
  }

  public LocalCache cache() {
    return cache;
  }

  /** The offline transaction queue (CAPS writes closed checks here). */
  public TransactionQueue transactions(Clock clock) {
    return new TransactionQueue(cache, clock);
  }

  public int lanPort() {
    return lan.actualPort();
  }

  /** The service controllers (checks, kitchen, printers, displays). */
  public PosControllers controllers() {
    return pos;
  }

  @Override
  public void close() {
    if (exchanger != null) {
      exchanger.stop(); // before the check store it reads closes
    }
    pos.stop().onComplete(ar -> { }).await();
    vertx.close().await();
  }
}
