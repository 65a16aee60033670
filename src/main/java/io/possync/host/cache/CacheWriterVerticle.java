package io.possync.host.cache;

import io.possync.core.Addresses;
import io.possync.core.wire.ApplyRequest;
import io.possync.core.wire.ApplyResult;
import io.possync.host.LocalCodec;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The only writer of the config cache. {@link ApplyRequest}s arrive on {@link Addresses#HOST_CACHE_APPLY} and run one
 * at a time in arrival order; after each the new snapshot goes to the config loader. Every request is answered with
 * an {@link ApplyResult} whose outcome says what happened (the previous state stays whole unless it is applied).
 */
public class CacheWriterVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(CacheWriterVerticle.class.getName());

  private final CacheWriter writer;
  private final ConfigLoader loader;
  private final Clock clock;
  private Future<?> last = Future.succeededFuture();

  public CacheWriterVerticle(CacheWriter writer, ConfigLoader loader, Clock clock) {
    this.writer = writer;
    this.loader = loader;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx, ApplyRequest.class);
    LocalCodec.register(vertx, ApplyResult.class);
    vertx.eventBus().<ApplyRequest>consumer(Addresses.HOST_CACHE_APPLY, msg -> {
      last = last.eventually(() -> apply(msg));
    });
    return Future.succeededFuture();
  }

  /** A write under way finishes before the verticle is gone (and the cache is closed after it). */
  @Override
  public Future<?> stop() {
    return last.transform(done -> Future.succeededFuture());
  }

  private Future<ApplyResult> apply(Message<ApplyRequest> msg) {
    ApplyRequest req = msg.body();
    ConfigSnapshot current = loader.current();
    Integer at = current == null ? null : current.version();
    return writer.apply(req, current, clock.instant())
        .map(s -> {
          if (s == current) {
            return ApplyResult.unchanged(at);
          }
          loader.publish(s);
          return ApplyResult.applied(s.version());
        })
        .recover(err -> {
          if (err instanceof RejectedPayloadException r) {
            return Future.succeededFuture(ApplyResult.failed(r.outcome(), at, r.version(), r.getMessage()));
          }
          LOG.severe("writing the config cache failed (the previous configuration stays in force; check the disk "
              + "under dataDir): " + err);
          return Future.succeededFuture(ApplyResult.failed(ApplyResult.Outcome.STORAGE_FAILED, at,
              req.claimedVersion(), String.valueOf(err.getMessage())));
        })
        .onSuccess(msg::reply);
  }
}
