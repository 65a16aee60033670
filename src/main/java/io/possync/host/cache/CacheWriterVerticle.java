package io.possync.host.cache;

import io.possync.core.Addresses;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The only writer of the config cache. Apply requests arrive on {@link Addresses#HOST_CACHE_APPLY} and run one at a
 * time in arrival order; after each the new snapshot goes to the config loader. A refused payload fails the request
 * with code 400 and the reason; a storage failure with 500 (the previous state stays whole either way).
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
    vertx.eventBus().<JsonObject>consumer(Addresses.HOST_CACHE_APPLY, msg -> {
      last = last.eventually(() -> apply(msg));
    });
    return Future.succeededFuture();
  }

  /** A write under way finishes before the verticle is gone (and the cache is closed after it). */
  @Override
  public Future<?> stop() {
    return last.transform(done -> Future.succeededFuture());
  }

  private Future<ConfigSnapshot> apply(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    JsonObject payload = body.getJsonObject("payload");
    ConfigSnapshot current = loader.current();
    if ("status".equals(body.getString("kind"))) {
      // sync_state.sync_status (synced, syncing, error), kept with the data it describes
      return writer.status(body.getString("status")).map(v -> {
        msg.reply(new JsonObject());
        return current;
      });
    }
    Future<ConfigSnapshot> f = switch (body.getString("kind")) {
      case "full" -> writer.applyFull(payload, clock.instant());
      case "delta" -> current == null
          ? Future.failedFuture(new RejectedPayloadException(null, "a delta needs a cache: full sync first"))
          : writer.applyDelta(payload, current, clock.instant());
      case "repair" -> current == null
          ? Future.failedFuture(new RejectedPayloadException(null, "nothing to repair: full sync first"))
          : writer.repair(payload, body.getJsonArray("repair", new JsonArray()).stream().map(String::valueOf).toList(),
              current, clock.instant());
      default -> Future.failedFuture(new IllegalArgumentException("unknown apply kind " + body.getString("kind")));
    };
    return f.onSuccess(s -> {
      if (s != current) {
        loader.publish(s);
      }
      msg.reply(new JsonObject().put("version", s.version()));
    }).onFailure(err -> {
      if (err instanceof RejectedPayloadException r) {
        msg.fail(400, r.getMessage());
      } else {
        LOG.severe("writing the config cache failed (the previous configuration stays in force; check the disk "
            + "under dataDir): " + err);
        msg.fail(500, String.valueOf(err.getMessage()));
      }
    });
  }
}
