package io.possync.cloud;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback the test controls: it forwards every connection to a target port until it is cut, which
 * closes every connection it carries and refuses (closes at once) new ones until it is restored. A node whose
 * database connections go through it loses them, while the test still reaches the database directly.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private TcpProxy(int targetPort) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      if (cut) {
        in.close();
        return;
      }
      in.pause();
      client.connect(targetPort, "127.0.0.1").onComplete(ar -> {
        if (ar.failed() || cut) {
          in.close();
          if (ar.succeeded()) {
            ar.result().close();
          }
          return;
        }
        NetSocket out = ar.result();
        open.add(in);
        open.add(out);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.handler(out::write);
        out.handler(in::write);
        in.resume();
      });
    });
    server.listen(0, "127.0.0.1").await();
  }

  /** A proxy to {@code 127.0.0.1:targetPort}, listening on a free port. */
  public static TcpProxy to(int targetPort) {
    return new TcpProxy(targetPort);
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every connection through the proxy and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(NetSocket::close);
    open.clear();
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
