package io.possync.cloud.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.possync.cloud.sync.HostAuth;
import io.possync.cloud.sync.HostIdentity;
import io.possync.core.Addresses;
import io.possync.core.metrics.Metrics;
import io.possync.core.wire.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host sockets of one HTTP server instance, by property. Runs on that instance's event loop only (the sockets
 * were accepted there and the event bus consumer delivers there), so it needs no locks. Pings every socket on a
 * timer and closes those that stopped answering.
 */
public final class PushConnections {

  private static final AtomicInteger OPEN = new AtomicInteger();
  private static final Counter FRAMES = Counter.builder(Metrics.PUSH_FRAMES)
      .description("Push frames written to host sockets").register(Metrics.registry());
  private static final Counter REAPED = Counter.builder(Metrics.PUSH_REAPED)
      .description("Push sockets closed because they stopped answering pings").register(Metrics.registry());

  static {
    Gauge.builder(Metrics.PUSH_CONNECTIONS, OPEN, AtomicInteger::get)
        .description("Open host push sockets (WebSocket) on this process").register(Metrics.registry());
  }

  private static final class Socket {
    final ServerWebSocket ws;
    final HostIdentity host;
    final String tokenHash;
    long lastPong;

    Socket(ServerWebSocket ws, HostIdentity host, String tokenHash, long now) {
      this.ws = ws;
      this.host = host;
      this.tokenHash = tokenHash;
      this.lastPong = now;
    }
  }

  private final Vertx vertx;
  private final HostAuth auth;
  private final long pingMs;
  private final long deadAfterMs;
  private final Map<UUID, Set<Socket>> byProperty = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private MessageConsumer<JsonObject> authConsumer;
  private MessageConsumer<JsonObject> checkConsumer;
  private MessageConsumer<JsonObject> listenConsumer;
  private long timer;

  public PushConnections(Vertx vertx, HostAuth auth, long pingMs, long deadAfterMs) {
    this.vertx = vertx;
    this.auth = auth;
    this.pingMs = pingMs;
    this.deadAfterMs = deadAfterMs;
  }

  /** Call from the owning verticle's start. */
  public void start() {
    consumer = vertx.eventBus().consumer(Addresses.CLOUD_CONFIG_CHANGED, m -> deliver(m.body()));
    // a check changed by a workstation on the cloud (GREEN mode): the property's host fetches it now
    checkConsumer = vertx.eventBus().consumer(Addresses.CLOUD_CHECK_CHANGED, m -> {
      if (io.possync.core.caps.AuditEntry.CLOUD.equals(m.body().getString(Addresses.ORIGIN))) {
        deliver(new io.possync.core.wire.PushEvent(io.possync.core.wire.PushEvent.CHECKS_CHANGED,
            UUID.fromString(m.body().getString(Addresses.PROPERTY_ID)), 0).toJson());
      }
    });
    authConsumer = vertx.eventBus().consumer(Addresses.CLOUD_AUTH_CHANGED, m -> dropHost(
        HostAuth.changedHost(m.body())));
    listenConsumer = vertx.eventBus().consumer(Addresses.CLOUD_NOTIFICATIONS, m -> {
      if (Boolean.TRUE.equals(m.body().getBoolean(Addresses.LISTENING))) {
        dropRevoked();
      }
    });
    timer = vertx.setPeriodic(pingMs, id -> pingAndReap());
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
      authConsumer.unregister();
      checkConsumer.unregister();
      listenConsumer.unregister();
      vertx.cancelTimer(timer);
    }
    for (Set<Socket> set : byProperty.values()) {
      for (Socket s : set) {
        s.ws.close();
      }
    }
  }

  /** @param tokenHash hex SHA-256 of the token the socket was opened with */
  public void add(HostIdentity host, String tokenHash, ServerWebSocket ws) {
    Socket s = new Socket(ws, host, tokenHash, System.currentTimeMillis());
    byProperty.computeIfAbsent(host.propertyId(), k -> new HashSet<>()).add(s);
    OPEN.incrementAndGet();
    ws.pongHandler(b -> s.lastPong = System.currentTimeMillis());
    ws.textMessageHandler(t -> s.lastPong = System.currentTimeMillis()); // any word from the host counts as alive
    ws.closeHandler(v -> remove(s));
    ws.exceptionHandler(err -> ws.close());
  }

  private void remove(Socket s) {
    Set<Socket> set = byProperty.get(s.host.propertyId());
    if (set != null && set.remove(s)) {
      OPEN.decrementAndGet();
      if (set.isEmpty()) {
        byProperty.remove(s.host.propertyId());
      }
    }
  }

  private void deliver(JsonObject event) {
    Set<Socket> set = byProperty.get(UUID.fromString(event.getString(Wire.PROPERTY_ID)));
    if (set == null) {
      return;
    }
    String frame = event.encode();
    for (Socket s : set) {
      s.ws.writeTextMessage(frame);
      FRAMES.increment();
    }
  }

  /** A host whose token was rotated or that was deactivated is disconnected; it must come back with a valid token. */
  private void dropHost(UUID serviceHostId) {
    for (Set<Socket> set : byProperty.values()) {
      for (Socket s : Set.copyOf(set)) {
        if (s.host.serviceHostId().equals(serviceHostId)) {
          s.ws.close((short) 1008, "credentials changed");
        }
      }
    }
  }

  /**
   * The node listens to PostgreSQL again after losing it: a token rotated or a host deactivated meanwhile sent a
   * notification nobody heard, so each socket's token is checked again and those no longer valid are closed.
   */
  private void dropRevoked() {
    Set<String> hashes = new HashSet<>();
    byProperty.values().forEach(set -> set.forEach(s -> hashes.add(s.tokenHash)));
    if (hashes.isEmpty()) {
      return;
    }
    auth.stillActive(hashes).onSuccess(valid -> {
      for (Set<Socket> set : byProperty.values()) {
        for (Socket s : Set.copyOf(set)) {
          if (!valid.contains(s.tokenHash)) {
            s.ws.close((short) 1008, "credentials changed");
          }
        }
      }
    }); // a failure leaves them: the database is away again, and its return checks once more
  }

  private void pingAndReap() {
    long now = System.currentTimeMillis();
    for (Set<Socket> set : byProperty.values()) {
      for (Socket s : Set.copyOf(set)) {
        if (now - s.lastPong > deadAfterMs) {
          REAPED.increment();
          remove(s);
          s.ws.close((short) 1001, "no pong");
        } else {
          s.ws.writePing(Buffer.buffer("p"));
        }
      }
    }
  }

  public int size() {
    int n = 0;
    for (Set<Socket> set : byProperty.values()) {
      n += set.size();
    }
    return n;
  }

}
