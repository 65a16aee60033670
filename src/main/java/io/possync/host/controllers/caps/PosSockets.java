package io.possync.host.controllers.caps;

import io.possync.core.caps.PosFrame;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open {@code /ws/pos} sockets of the property's workstations, and the frames they are sent. A socket that
 * cannot take a frame (closed, or too far behind) is dropped: the workstation reconnects and reads again.
 */
public final class PosSockets {

  /** Bytes a socket may have waiting before it is considered gone. */
  static final int MAX_QUEUED = 1 << 20;

  private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();

  public void add(ServerWebSocket ws) {
    sockets.add(ws);
    ws.closeHandler(v -> sockets.remove(ws));
    ws.exceptionHandler(err -> sockets.remove(ws));
  }

  public void send(PosFrame frame) {
    String text = frame.toJson().encode();
    for (ServerWebSocket ws : sockets) {
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
