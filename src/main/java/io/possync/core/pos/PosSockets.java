package io.possync.core.pos;

import io.possync.core.caps.PosFrame;
import io.vertx.core.http.ServerWebSocket;
import io.possync.core.caps.PosConfig;
import java.util.Map;
import io.vertx.core.Future;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open {@code /ws/pos} sockets of the property's workstations, and the frames they are sent. A socket that
 * cannot take a frame (closed, or too far behind) is dropped: the workstation reconnects and reads again. Each
 * socket keeps what let it in (a session, a device); when that ends (sign-out, a configuration that revokes it),
 * the socket is closed with 1008.
 */
public final class PosSockets {

  /** Bytes a socket may have waiting before it is considered gone. */
  static final int MAX_QUEUED = 1 << 20;

  private final Map<ServerWebSocket, Function<PosConfig, Future<Boolean>>> sockets = new ConcurrentHashMap<>();

  /** @param allowed whether what let the socket in still holds under a configuration */
  public void add(ServerWebSocket ws, Function<PosConfig, Future<Boolean>> allowed) {
    sockets.put(ws, allowed);
    ws.closeHandler(v -> sockets.remove(ws));
    ws.exceptionHandler(err -> sockets.remove(ws));
  }

  /** Closes the sockets whose session or device no longer holds (after a sign-out or a new configuration). */
  public void recheck(PosConfig config) {
    sockets.forEach((ws, allowed) -> allowed.apply(config).onSuccess(ok -> {
      if (!ok && sockets.remove(ws) != null && !ws.isClosed()) {
        ws.close((short) 1008, "signed out or revoked");
      }
    }));
  }

  public void send(PosFrame frame) {
    String text = frame.toJson().encode();
    for (ServerWebSocket ws : sockets.keySet()) {
      if (ws.isClosed() || ws.writeQueueFull()) {
        sockets.remove(ws);
        if (!ws.isClosed()) {
          ws.close((short) 1013, "too far behind: reconnect");
        }
        continue;
      }
      ws.writeTextMessage(text);
    }
  }

  public int size() {
    return sockets.size();
  }
}
