package io.possync.host.controllers.print;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * Delivers one printout to an ESC/POS printer over raw TCP (port 9100 style): writes it, then asks the status with
 * {@code DLE EOT 1}. A job counts as printed only when a status byte (its fixed bits right: a stray byte is not one)
 * comes back with the offline bit clear; a refused connection, the offline bit, or no reply within the timeout is a
 * failure, and the caller tries the backup.
 */
public final class PrinterClient {

  /** How a delivery ended. */
  public enum Outcome {
    PRINTED, OFFLINE, UNREACHABLE, NO_REPLY;

    public boolean printed() {
      return this == PRINTED;
    }
  }

  private final Vertx vertx;
  private final NetClient client;
  private final long replyTimeoutMs;

  public PrinterClient(Vertx vertx, long replyTimeoutMs) {
    this.vertx = vertx;
    this.replyTimeoutMs = replyTimeoutMs;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) replyTimeoutMs)
        .setTcpNoDelay(true));
  }

  public Future<Outcome> print(String host, int port, Buffer job) {
    Promise<Outcome> done = Promise.promise();
    client.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        done.tryComplete(Outcome.UNREACHABLE);
        return;
      }
      NetSocket s = ar.result();
      long timer = vertx.setTimer(replyTimeoutMs, id -> {
        done.tryComplete(Outcome.NO_REPLY);
        s.close();
      });
      s.handler(reply -> {
        for (int i = 0; i < reply.length(); i++) {
          int b = reply.getByte(i) & 0xFF;
          if (EscPos.isStatus(b)) { // a byte whose fixed bits are wrong is noise: keep reading until the timeout
            vertx.cancelTimer(timer);
            done.tryComplete(EscPos.printed(b) ? Outcome.PRINTED : Outcome.OFFLINE);
            s.close();
            return;
          }
        }
      });
      s.exceptionHandler(err -> {
        vertx.cancelTimer(timer);
        done.tryComplete(Outcome.UNREACHABLE);
      });
      s.closeHandler(v -> {
        vertx.cancelTimer(timer);
        done.tryComplete(Outcome.NO_REPLY);
      });
      s.write(Buffer.buffer(job.length() + 3).appendBuffer(job).appendBytes(EscPos.STATUS_REQUEST));
    });
    return done.future();
  }

  public Future<Void> close() {
    return client.close();
  }
}
