package io.possync.host.controllers.payment;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A card processor on loopback, idempotent as a real one: the first request of an Idempotency-Key decides (and
 * charges when it approves); every repeat of that key gets the first answer and charges nothing. It counts requests
 * and charges per key. Modes: answering, down (503), or holding requests without an answer (a call in flight).
 */
final class FakeProcessor implements AutoCloseable {

  enum Mode { ANSWER, DOWN, HOLD }

  final Vertx vertx;
  final HttpServer server;
  volatile Mode mode = Mode.ANSWER;
  /** Cards (last4) this processor declines. */
  final Set<String> declines = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final Map<String, JsonObject> answers = new ConcurrentHashMap<>();
  final Map<String, Long> charged = new ConcurrentHashMap<>();
  final List<String> order = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  final LinkedBlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
  /** How many next requests are decided (and charged) but answered with a 200 body that is no answer. */
  final AtomicInteger garbage = new AtomicInteger();

  FakeProcessor() {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String key = req.getHeader("Idempotency-Key");
      if (!req.path().equals("/v1/authorizations") || key == null) {
        req.response().setStatusCode(400).end();
        return;
      }
      authorizations.add(req.getHeader("Authorization"));
      Mode m = mode;
      if (m == Mode.DOWN) {
        arrivals.add(key);
        req.response().setStatusCode(503).end();
        return;
      }
      requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet(); // requests it took (not down)
      JsonObject body = b.toJsonObject();
      bodies.add(body);
      JsonObject answer = answers.computeIfAbsent(key, k -> {
        order.add(k);
        boolean ok = !declines.contains(body.getJsonObject("card").getString("last4"));
        if (ok) {
          charged.merge(k, body.getLong("amountCents"), Long::sum);
        }
        return new JsonObject().put("status", ok ? "approved" : "declined").put("authCode", ok ? "A" + k.substring(0, 5)
            : null).put("processorRef", "ref-" + k);
      });
      arrivals.add(key);
      if (garbage.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        req.response().putHeader("content-type", "text/html").end("<html>gateway says hello</html>");
        return;
      }
      if (m == Mode.HOLD) {
        return; // decided (and charged), but the answer never leaves: the host dies waiting
      }
      req.response().putHeader("content-type", "application/json").end(answer.encode());
    })).listen(0, "127.0.0.1").await();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int requests(String key) {
    AtomicInteger n = requests.get(key);
    return n == null ? 0 : n.get();
  }

  /** The next request's key (waits at most 20 s). */
  String awaitRequest() throws InterruptedException {
    String k = arrivals.poll(20, TimeUnit.SECONDS);
    if (k == null) {
      throw new AssertionError("no request reached the processor within 20 s");
    }
    return k;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
