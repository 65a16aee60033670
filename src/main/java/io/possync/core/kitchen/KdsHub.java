package io.possync.core.kitchen;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The KDS displays' sockets ({@code /ws/kds}, POS-API.md section 5): a snapshot of the display's open tickets on
 * every connect, then ticket and void frames; {@code bump} and {@code recall} from any screen of a display keep
 * all its screens in step. Tickets live in a {@link KdsTicketStore}, so a restart loses none.
 *
 * <p>A frame for a display goes to every screen of it: on the host they are all connected here; on the cloud a
 * display's screens may be connected to several nodes, so the cloud gives a {@code fanOut} that carries each frame
 * to every node (PostgreSQL's notifications), and each node hands it to its screens by {@link #deliver}.
 */
public final class KdsHub {

  public static final String TYPE = "type";
  public static final String SNAPSHOT = "snapshot";
  public static final String TICKET = "ticket";
  public static final String TICKETS = "tickets";
  public static final String VOID = "void";
  public static final String BUMP = "bump";
  public static final String BUMPED = "bumped";
  public static final String RECALL = "recall";
  public static final String ERROR = "error";
  public static final String TICKET_ID = "ticketId";
  public static final String LINE_ID = "lineId";

  private final KdsTicketStore tickets;
  private final Clock clock;
  private final Map<String, Set<ServerWebSocket>> screens = new ConcurrentHashMap<>();

  /** The name of the gauge of connected screens (registered by the hub's owner with {@link #screens}). */
  public static final String SCREENS_GAUGE = "possync.kds.screens";

  private final java.util.function.BiConsumer<String, JsonObject> fanOut;

  /** A hub whose displays' screens are all connected to this process (the host). */
  public KdsHub(KdsTicketStore tickets, Clock clock) {
    this(tickets, clock, null);
  }

  /** @param fanOut carries a frame for a display to every node serving its screens; null: this process only */
  public KdsHub(KdsTicketStore tickets, Clock clock, java.util.function.BiConsumer<String, JsonObject> fanOut) {
    this.tickets = tickets;
    this.clock = clock;
    this.fanOut = fanOut != null ? fanOut : this::deliver;
  }

  /**
   * Registers the gauge of connected screens of the given hubs.
   *
   * @param role {@code host} or {@code cloud} (the demo runs both in one process)
   */
  public static void registerGauge(MeterRegistry registry, String role,
                                   java.util.function.Supplier<? extends java.util.Collection<KdsHub>> hubs) {
    Gauge.builder(SCREENS_GAUGE, hubs, h -> h.get().stream().mapToInt(KdsHub::screens).sum()).strongReference(true)
        .tag("role", role).description("KDS screens connected to this node").register(registry);
  }

  /** Screens connected here. */
  public int screens() {
    return screens.values().stream().mapToInt(Set::size).sum();
  }

  /** A screen of a display connected: it gets the display's open tickets, then live frames. */
  public void connect(String displayId, ServerWebSocket ws) {
    Set<ServerWebSocket> set = screens.computeIfAbsent(displayId, k -> ConcurrentHashMap.newKeySet());
    set.add(ws);
    ws.closeHandler(v -> set.remove(ws));
    ws.exceptionHandler(err -> set.remove(ws));
    ws.textMessageHandler(text -> onFrame(displayId, ws, text));
    snapshot(displayId, ws);
  }

  private void snapshot(String displayId, ServerWebSocket ws) {
    tickets.open(displayId).onSuccess(list -> {
      io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
      list.forEach(t -> a.add(t.toJson()));
      ws.writeTextMessage(new JsonObject().put(TYPE, SNAPSHOT).put(TICKETS, a).encode());
    }).onFailure(err -> ws.close((short) 1011, "cannot read tickets"));
  }

  private void onFrame(String displayId, ServerWebSocket ws, String text) {
    JsonObject f;
    try {
      f = new JsonObject(text);
    } catch (DecodeException e) {
      ws.writeTextMessage(error("a frame must be a JSON object"));
      return;
    }
    String type = f.getValue(TYPE) instanceof String s ? s : "";
    switch (type) {
      case BUMP -> {
        if (!(f.getValue(TICKET_ID) instanceof String id) || id.length() > 64) {
          ws.writeTextMessage(error("bump needs a ticketId"));
          return;
        }
        tickets.bump(displayId, id, clock.instant()).onSuccess(done -> {
          if (done) {
            send(displayId, new JsonObject().put(TYPE, BUMPED).put(TICKET_ID, id));
          } else {
            ws.writeTextMessage(error("no open ticket " + id + " on this display"));
          }
        });
      }
      case RECALL -> tickets.recall(displayId).onSuccess(t -> {
        if (t != null) {
          send(displayId, ticketFrame(t));
        } else {
          ws.writeTextMessage(error("nothing to recall"));
        }
      });
      default -> ws.writeTextMessage(error("unknown frame type; send bump or recall"));
    }
  }

  static String error(String message) {
    return new JsonObject().put(TYPE, ERROR).put("message", message).encode();
  }

  public static JsonObject ticketFrame(KdsTicket t) {
    return new JsonObject().put(TYPE, TICKET).put(TICKET, t.toJson());
  }

  /** Closes the screens of displays the configuration no longer has active (their token no longer lets them in). */
  public void recheck(io.possync.core.caps.PosConfig config) {
    screens.forEach((displayId, set) -> {
      if (!config.deviceActive(displayId)) {
        set.forEach(ws -> {
          if (!ws.isClosed()) {
            ws.close((short) 1008, "device revoked");
          }
        });
        set.clear();
      }
    });
  }

  /** A new ticket for its display's screens. */
  public void ticket(KdsTicket t) {
    send(t.displayId(), ticketFrame(t));
  }

  /** A line taken back from a ticket. */
  public void voided(String displayId, String ticketId, String lineId) {
    send(displayId, voidFrame(ticketId, lineId));
  }

  public static JsonObject voidFrame(String ticketId, String lineId) {
    return new JsonObject().put(TYPE, VOID).put(TICKET_ID, ticketId).put(LINE_ID, lineId);
  }

  /** Sends every display's open tickets to its screens connected here (frames may have been lost). */
  public void resnapshotAll() {
    screens.keySet().forEach(this::resnapshot);
  }

  /** Sends the display's open tickets to its screens connected here (a frame too large to fan out). */
  public void resnapshot(String displayId) {
    for (ServerWebSocket ws : screens.getOrDefault(displayId, Set.of())) {
      snapshot(displayId, ws);
    }
  }

  private void send(String displayId, JsonObject frame) {
    fanOut.accept(displayId, frame);
  }

  /** Hands a frame to the display's screens connected here. */
  public void deliver(String displayId, JsonObject frame) {
    String text = frame.encode();
    for (ServerWebSocket ws : screens.getOrDefault(displayId, Set.of())) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(text);
      }
    }
  }
}
