package io.possync.host.sync;

import io.possync.core.Addresses;
import io.possync.core.wire.ApplyRequest;
import io.possync.core.wire.ApplyResult;
import io.possync.core.wire.Wire;
import io.possync.host.config.ConfigLoader;
import io.possync.host.config.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs one sync: fetches from the cloud (through the {@link Retrier}) and hands the payload to the cache writer as an
 * {@link ApplyRequest}. Follows the typed outcome: a delta the cloud cannot serve (410) or one from another epoch
 * becomes a full sync; a refused payload is recorded for the next heartbeat and the configuration in force is kept.
 */
public final class SyncRunner {

  private static final Logger LOG = Logger.getLogger(SyncRunner.class.getName());
  private static final DeliveryOptions APPLY_TIMEOUT = new DeliveryOptions().setSendTimeout(300_000);

  private final Vertx vertx;
  private final CloudClient cloud;
  private final Retrier retrier;
  private final ConfigLoader loader;
  private final HostState state;
  private final HostMetrics metrics;

  public SyncRunner(Vertx vertx, CloudClient cloud, Retrier retrier, ConfigLoader loader, HostState state,
                    HostMetrics metrics) {
    this.vertx = vertx;
    this.cloud = cloud;
    this.retrier = retrier;
    this.loader = loader;
    this.state = state;
    this.metrics = metrics;
  }

  /** Runs the request; the result says what the cache writer did with the last payload. */
  public Future<ApplyResult> run(SyncPlan.Request r) {
    return switch (r.kind()) {
      case FULL -> full(r.reason());
      case DELTA -> delta();
      case REPAIR -> repair(r.repairKeys());
    };
  }

  private Future<ApplyResult> full(String reason) {
    LOG.info("full sync (" + reason + ")");
    return retrier.call("full sync", cloud::full).compose(payload -> apply(ApplyRequest.full(payload)));
  }

  private Future<ApplyResult> delta() {
    ConfigSnapshot s = loader.current();
    if (s == null) {
      return full("no_cache");
    }
    return retrier.call("delta sync", () -> cloud.delta(s.version()))
        .compose(delta -> apply(ApplyRequest.delta(delta)))
        .compose(result -> switch (result.outcome()) {
          case EPOCH_CHANGED -> full("epoch_changed");
          case NEEDS_FULL -> full("no_cache");
          default -> Future.succeededFuture(result);
        })
        .recover(err -> {
          if (err instanceof CloudClient.FullSyncRequiredException f) {
            LOG.info("the cloud asks for a full sync (" + f.reason + ")");
            return full(f.reason);
          }
          return Future.failedFuture(err);
        });
  }

  private Future<ApplyResult> repair(List<String> keys) {
    LOG.warning("the cloud's checksums differ for " + keys + ": repairing those entity types from a full snapshot");
    return retrier.call("repair", cloud::full).compose(payload -> {
      ConfigSnapshot s = loader.current();
      boolean same = s != null && Integer.valueOf(s.version()).equals(payload.getInteger(Wire.VERSION));
      return apply(same ? ApplyRequest.repair(payload, keys) : ApplyRequest.full(payload));
    });
  }

  /** Hands a payload to the cache writer; a refusal is recorded for the next heartbeat. */
  private Future<ApplyResult> apply(ApplyRequest req) {
    return vertx.eventBus().<ApplyResult>request(Addresses.HOST_CACHE_APPLY, req, APPLY_TIMEOUT)
        .map(m -> {
          ApplyResult result = m.body();
          if (result.ok()) {
            state.rejected(null, null);
            state.lastError(null);
          } else if (result.outcome() == ApplyResult.Outcome.REJECTED) {
            state.rejected(result.rejectedVersion(), result.reason());
            metrics.rejected(HostMetrics.Rejected.valueOf(req.kind().name()));
            LOG.warning("rejected a " + req.kind().wireName() + " payload from the cloud (kept the configuration in "
                + "force): " + result.reason());
          }
          return result;
        });
  }

  /** Sends a status word to the cache writer, which keeps it in sync_state. */
  public void recordStatus(String word) {
    vertx.eventBus().request(Addresses.HOST_CACHE_APPLY, ApplyRequest.status(word));
  }
}
