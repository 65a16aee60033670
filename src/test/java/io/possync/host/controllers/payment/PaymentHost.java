package io.possync.host.controllers.payment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.possync.core.caps.Actor;
import io.possync.core.caps.CheckService;
import io.possync.core.caps.PosConfig;
import io.possync.host.cache.LocalCache;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.possync.host.sync.Backoff;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * One host's payment controller over a cache file, as the host wires it: its own Vert.x instance, so closing it
 * abandons everything in flight (timers, HTTP calls) the way a killed process would, and a new one can be started on
 * the same file.
 */
final class PaymentHost {

  final Vertx vertx = Vertx.vertx();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final LocalCache cache;
  final PaymentStore store;
  final SqliteCheckStore checkStore;
  final CheckService checks;
  final CardPayments cards;
  final GiftCards gifts;
  final PaymentService payments;
  final List<String> kicks = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<PaymentStore.Forward> settled = new LinkedBlockingQueue<>();
  final Actor server = new Actor("emp", Set.of(), "ws-7");

  PaymentHost(Path file, String processorUrl, Supplier<PosConfig> config) {
    cache = LocalCache.open(vertx, file, "token").await();
    checkStore = SqliteCheckStore.open(vertx, cache, Clock.systemUTC(), 1).await();
    store = PaymentStore.open(vertx, cache).await();
    checks = new CheckService(checkStore, config, Clock.systemUTC());
    PaymentMetrics metrics = new PaymentMetrics(registry, Clock.systemUTC());
    Vault.Credential credential = new Vault.Credential(processorUrl, PaymentsTest.API_KEY);
    cards = new CardPayments(vertx, checks, store, new HttpCardProcessor(vertx, () -> credential, 2000), config,
        Clock.systemUTC(), new Backoff(20, 100), metrics);
    cards.onSettled(settled::add);
    gifts = new GiftCards(checks, store, config, Clock.systemUTC(), metrics);
    payments = new PaymentService(checks, config, cards, gifts, kicks::add, metrics);
    payments.start().await();
  }

  CheckService.Call call(String checkId, String key, JsonObject body) {
    return new CheckService.Call(server, "ws-7", key, null, checkId, "payments", body);
  }

  /** Abandons this host as a crash would: nothing in flight completes. */
  void kill() {
    vertx.close().await();
  }

  void close() {
    payments.stop();
    checkStore.close().await();
    cache.close().await();
    vertx.close().await();
  }
}
