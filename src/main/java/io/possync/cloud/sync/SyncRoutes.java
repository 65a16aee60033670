package io.possync.cloud.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.core.http.HttpErrors;
import io.possync.core.error.ErrorCode;
import io.possync.core.error.FullSyncRequiredException;
import io.possync.core.error.PossyncException;
import io.possync.core.metrics.Metrics;
import io.possync.core.wire.Heartbeat;
import io.possync.core.wire.TransactionBatch;
import io.possync.core.wire.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/** The host-facing sync API: full, delta, heartbeat and transaction upload (DESIGN.md section 6). */
public final class SyncRoutes {

  public static final String FULL_PATH = "/api/sync/config/full";
  public static final String DELTA_PATH = "/api/sync/config/delta";
  public static final String HEARTBEAT_PATH = "/api/service-hosts/:id/heartbeat";
  public static final String TRANSACTIONS_PATH = "/api/sync/transactions";

  /** A heartbeat is a few KB (32 checksums and some text): 64 KB leaves room and bounds the work. */
  public static final int HEARTBEAT_MAX_BYTES = 64 * 1024;
  /** Up to 1000 transactions a batch, each a check of a few KB. */
  public static final int TRANSACTIONS_MAX_BYTES = 4 * 1024 * 1024;

  private final Pool pool;
  private final HostAuth auth;
  private final SnapshotCache snapshots;
  private final DeltaQuery deltas;
  private final Heartbeats heartbeats;
  private final TransactionIntake intake;
  private final MeterRegistry registry = Metrics.registry();
  private final Timer heartbeatTimer = Timer.builder(Metrics.HEARTBEAT_DURATION)
      .description("Time from a heartbeat's arrival to its answer").publishPercentiles(0.5, 0.99)
      .register(Metrics.registry());

  public SyncRoutes(Pool pool, HostAuth auth, SnapshotCache snapshots, DeltaQuery deltas, Heartbeats heartbeats,
                    TransactionIntake intake) {
    this.pool = pool;
    this.auth = auth;
    this.snapshots = snapshots;
    this.deltas = deltas;
    this.heartbeats = heartbeats;
    this.intake = intake;
  }

  /** Mounts the routes, each body-taking one with a body limit that fits it (never above {@code maxBytes}). */
  public void mount(Router router, int maxBytes) {
    router.get(FULL_PATH).handler(this::full);
    router.get(DELTA_PATH).handler(this::delta);
    router.post(HEARTBEAT_PATH).handler(bodyLimit(HEARTBEAT_MAX_BYTES, maxBytes)).handler(this::heartbeat);
    router.post(TRANSACTIONS_PATH).handler(bodyLimit(TRANSACTIONS_MAX_BYTES, maxBytes)).handler(this::transactions);
  }

  /** A body handler taking at most {@code limit} bytes, or the node's ceiling when that is lower (413 beyond). */
  public static BodyHandler bodyLimit(int limit, int ceiling) {
    return BodyHandler.create(false).setBodyLimit(Math.min(limit, ceiling));
  }

  /** The optional {@code propertyId} query parameter, which must then be the token's property. */
  private static UUID propertyParam(HttpServerRequest req) {
    String p = req.getParam(Wire.PROPERTY_ID);
    return p == null ? null : uuid(p, Wire.PROPERTY_ID);
  }

  static UUID uuid(String s, String what) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw PossyncException.invalid(what + " must be a UUID");
    }
  }

  private void full(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    auth.authenticate(req).compose(host -> {
      HostAuth.checkScope(host, propertyParam(req), null);
      return pool.preparedQuery(SnapshotCache.CURRENT_VERSION).execute(Tuple.of(host.propertyId()))
          .compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(PossyncException.notFound("no property " + host.propertyId()));
            }
            var r = rows.iterator().next();
            String etag = SnapshotCache.Entry.etag(r.getString(1), r.getInteger(0));
            String inm = req.getHeader(HttpHeaders.IF_NONE_MATCH);
            if (inm != null && (inm.equals(etag) || inm.equals("W/" + etag))) {
              counter(Metrics.FULL_SYNC_SERVED, "result", "not_modified").increment();
              ctx.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, etag).end();
              return Future.succeededFuture();
            }
            boolean hit = snapshots.cached(host.propertyId(), r.getInteger(0), r.getString(1)) != null;
            return snapshots.get(host.propertyId(), r.getInteger(0), r.getString(1)).compose(entry -> {
              counter(Metrics.FULL_SYNC_SERVED, "result", hit ? "cached" : "built").increment();
              return send(ctx, entry);
            });
          });
    }).onFailure(err -> {
      if (err instanceof PossyncException f && f.code() == ErrorCode.BUSY) {
        counter(Metrics.BUSY_REJECTIONS, "endpoint", "full").increment();
      }
      HttpErrors.fail(ctx, err);
    });
  }

  private Future<Void> send(RoutingContext ctx, SnapshotCache.Entry entry) {
    ctx.response().putHeader(HttpHeaders.ETAG, entry.etag());
    return sendJson(ctx, entry.json, () -> snapshots.gzip(entry));
  }

  /** A JSON body, gzipped ({@code gzip} makes it) when the client asks for it and it is worth it (1 KB or more). */
  private static Future<Void> sendJson(RoutingContext ctx, Buffer body, Supplier<Future<Buffer>> gzip) {
    HttpServerResponse res = ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (accept == null || !accept.contains("gzip") || body.length() < 1024) {
      return res.end(body);
    }
    return gzip.get().compose(z -> res.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(z));
  }

  private void delta(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    auth.authenticate(req).compose(host -> {
      HostAuth.checkScope(host, propertyParam(req), null);
      String since = req.getParam("since");
      int v;
      try {
        v = Integer.parseInt(since);
        if (v < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw PossyncException.invalid("since must be a version number (0 or more)");
      }
      return deltas.run(pool, host.propertyId(), v);
    }).compose(payload -> {
      counter(Metrics.DELTA_SERVED, "result", "ok").increment();
      // A store's link may be slow: large deltas travel gzipped when the host asks (made off the event loop).
      Buffer body = payload.toBuffer();
      return sendJson(ctx, body, () -> ctx.vertx().executeBlocking(() -> SnapshotCache.gzip(body), false));
    }).onFailure(err -> {
      if (err instanceof FullSyncRequiredException f) {
        counter(Metrics.FULL_SYNC_REQUIRED, "reason", f.reason()).increment();
      }
      HttpErrors.fail(ctx, err);
    });
  }

  private void heartbeat(RoutingContext ctx) {
    long start = System.nanoTime();
    HttpServerRequest req = ctx.request();
    auth.authenticate(req).compose(host -> {
      UUID id = uuid(req.getParam("id"), "the service host id");
      JsonObject body = HttpErrors.jsonBody(ctx);
      Object p = body.getValue(Wire.PROPERTY_ID);
      HostAuth.checkScope(host, p == null ? null : uuid(String.valueOf(p), Wire.PROPERTY_ID), id);
      Heartbeat hb = heartbeats.read(body);
      return heartbeats.record(pool, host, hb);
    }).onSuccess(answer -> {
      counter(Metrics.HEARTBEATS, "sync", answer.sync()).increment();
      heartbeatTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      ctx.json(answer.toJson());
    }).onFailure(err -> HttpErrors.fail(ctx, err));
  }

  private void transactions(RoutingContext ctx) {
    auth.authenticate(ctx.request())
        .compose(host -> intake.accept(pool, host, HttpErrors.jsonBody(ctx)))
        .onSuccess(answer -> {
          counter(Metrics.TRANSACTIONS_RECEIVED, "result", TransactionBatch.Result.ACCEPTED)
              .increment(answer.getJsonArray(TransactionBatch.Result.ACCEPTED).size());
          ctx.json(answer);
        })
        .onFailure(err -> HttpErrors.fail(ctx, err));
  }

  /** Counters by name and tag value, built once: heartbeats come thousands a second. */
  private final java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + '\u0000' + value, k -> Counter.builder(name)
        .description(Metrics.description(name)).tag(tag, String.valueOf(value)).register(registry));
  }
}
