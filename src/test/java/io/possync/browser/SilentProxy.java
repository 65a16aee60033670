package io.possync.browser;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP proxy on loopback in front of a host, for the POS page: it forwards every connection both ways until it is
 * silenced; from then on it still forwards what the browser sends (requests reach the host, which carries them out
 * and mirrors them to the cloud), but none of the host's answers (dropped, on the connections it carries and on new
 * ones). To the page, a host alive and working whose answers never come in time: a slow host.
 */
final class SilentProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final NetClient client;
  private volatile boolean silent;

  private SilentProxy(int targetPort) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      client.connect(targetPort, "127.0.0.1").onComplete(ar -> {
        if (ar.failed()) {
          in.close();
          return;
        }
        NetSocket out = ar.result();
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.handler(out::write);
        out.handler(answer -> {
          if (!silent) {
            in.write(answer);
          }
        });
        in.resume();
      });
    });
    server.listen(0, "127.0.0.1").await();
  }

  /** A proxy to {@code 127.0.0.1:targetPort}, listening on a free port. */
  static SilentProxy to(int targetPort) {
    return new SilentProxy(targetPort);
  }

  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** From now on no answer of the host reaches the browser (its requests still reach the host). */
  void silence() {
    silent = true;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
