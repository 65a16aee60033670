package io.possync.host.sync;

import io.micrometer.core.instrument.Gauge;
import io.possync.core.Addresses;
import io.possync.core.metrics.Metrics;
import io.possync.core.wire.PushEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The host's end of /ws/service-host. Push is a hint: on every (re)connect the host asks for a delta, since frames
 * sent while it was away are lost. {@code config:updated} and {@code config:urgent} start a delta at once,
 * {@code sync:required} a full sync. A dropped socket is reconnected with backoff and jitter.
 */
public class PushClientVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(PushClientVerticle.class.getName());

  private final CloudClient cloud;
  private final Backoff backoff;
  private final AtomicBoolean connected = new AtomicBoolean();
  private WebSocketClient client;
  private WebSocket socket;
  private int failures;
  private boolean stopping;

  public PushClientVerticle(CloudClient cloud, Backoff backoff) {
    this.cloud = cloud;
    this.backoff = backoff;
  }

  @Override
  public Future<?> start() {
    Gauge.builder(Metrics.HOST_PUSH_CONNECTED, connected, c -> c.get() ? 1 : 0)
        .description("1 while the host's push channel (WebSocket) to the cloud is open").register(Metrics.registry());
    URI base = cloud.base();
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(base.getScheme().equals("https"))
        .setConnectTimeout(10_000));
    connect();
    return Future.succeededFuture();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    URI base = cloud.base();
    int port = base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
    client.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(port).setURI("/ws/service-host")
            .addHeader("Authorization", "Bearer " + cloud.token()))
        .onSuccess(ws -> {
          socket = ws;
          connected.set(true);
          if (failures > 0) {
            LOG.info("push channel to the cloud is back");
          }
          failures = 0;
          sync(SyncPlan.Kind.DELTA, "push_connected");
          // what changed on the cloud while the channel was down (a check sold there) is fetched now
          vertx.eventBus().publish(Addresses.HOST_CHECKS_EXCHANGE, null);
          ws.textMessageHandler(this::onFrame);
          ws.closeHandler(v -> dropped());
          ws.exceptionHandler(err -> ws.close());
        })
        .onFailure(err -> {
          connected.set(false);
          retry();
        });
  }

  private void dropped() {
    connected.set(false);
    socket = null;
    retry();
  }

  private void retry() {
    if (stopping) {
      return;
    }
    long d = backoff.delay(Math.min(failures++, 6));
    vertx.setTimer(d, id -> connect());
  }

  private void onFrame(String text) {
    try {
      String type = new JsonObject(text).getString(PushEvent.TYPE);
      if (PushEvent.SYNC_REQUIRED.equals(type)) {
        sync(SyncPlan.Kind.FULL, "sync_required");
      } else if (PushEvent.CONFIG_UPDATED.equals(type) || PushEvent.CONFIG_URGENT.equals(type)) {
        sync(SyncPlan.Kind.DELTA, type);
      } else if (PushEvent.CHECKS_CHANGED.equals(type)) {
        vertx.eventBus().publish(Addresses.HOST_CHECKS_EXCHANGE, null);
      }
    } catch (RuntimeException e) {
      LOG.warning("ignored a malformed push frame from the cloud");
    }
  }

  private void sync(SyncPlan.Kind kind, String reason) {
    vertx.eventBus().send(Addresses.HOST_SYNC_REQUEST, new SyncPlan.Request(kind, reason, null).toJson());
  }

  public boolean connected() {
    return connected.get();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
