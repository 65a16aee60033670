package io.possync.host.sync;

import io.possync.core.wire.TransactionBatch;
import io.possync.host.cache.TransactionQueue;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sends queued offline transactions to the cloud as {@link TransactionBatch}es (service host wins for transaction
 * data) and marks the ids the cloud's {@link TransactionBatch.Result} accepted. One upload at a time.
 */
public final class TransactionUploader {

  static final int BATCH = 500;

  private final CloudClient cloud;
  private final Retrier retrier;
  private final TransactionQueue queue;
  private final HostState state;
  private final Supplier<Future<Integer>> pendingTransactions;
  private boolean uploading;

  public TransactionUploader(CloudClient cloud, Retrier retrier, TransactionQueue queue, HostState state,
                             Supplier<Future<Integer>> pendingTransactions) {
    this.cloud = cloud;
    this.retrier = retrier;
    this.queue = queue;
    this.state = state;
    this.pendingTransactions = pendingTransactions;
  }

  public void upload() {
    if (uploading) {
      return;
    }
    uploading = true;
    queue.pending(BATCH)
        .compose(rows -> {
          if (rows.isEmpty()) {
            return Future.succeededFuture();
          }
          TransactionBatch batch = new TransactionBatch(rows.stream().map(o -> (io.vertx.core.json.JsonObject) o)
              .toList());
          return retrier.call("transaction upload", () -> cloud.uploadTransactions(batch.toJson()))
              .compose(json -> {
                List<String> accepted;
                try {
                  accepted = TransactionBatch.Result.fromJson(json).accepted();
                } catch (IllegalArgumentException e) {
                  return Future.failedFuture(new CloudClient.InvalidResponseException(e.getMessage()));
                }
                return queue.markUploaded(accepted);
              });
        })
        .compose(v -> pendingTransactions.get())
        .onSuccess(state::pendingTransactions)
        .onComplete(ar -> uploading = false);
  }
}
