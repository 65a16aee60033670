package io.possync.host.controllers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.auth.DeviceTokens;
import io.possync.core.caps.PosConfig;
import io.possync.host.controllers.kitchen.KitchenDispatcher;
import io.possync.host.controllers.print.EscPos;
import io.possync.host.controllers.print.FakePrinter;
import io.possync.support.PosFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send through the workstation API reaching the kitchen: chits at the routed printers only (real loopback
 * printers), tickets at the routed KDS display over a real WebSocket, bump and recall, and tickets kept across a
 * reconnect and a host restart.
 */
class KitchenFlowTest {

  PosFixture fx;
  final Map<String, FakePrinter> printers = new HashMap<>();
  String rvc;
  String item;
  String printerId;
  String displayId;
  String workstation;
  String session;

  @BeforeEach
  void setUp() throws Exception {
    fx = new PosFixture(8);
    for (String id : fx.ids("printers")) {
      FakePrinter p = FakePrinter.start(fx.vertx);
      printers.put(id, p);
      fx.table("printers").get(id).put("host", "127.0.0.1").put("port", p.port());
    }
    fx.publish(2);
    PosConfig cfg = fx.config();
    // A revenue center, a workstation in it, and an item whose print class goes to a printer and a display there.
    outer:
    for (String r : fx.ids("rvcs")) {
      for (String i : fx.ids("menu_items")) {
        JsonObject mi = fx.table("menu_items").get(i);
        List<PosConfig.OrderDevice> ods = cfg.route(r, mi.getString("printClassId"));
        if (mi.getBoolean("active") && fx.line(i) != null && ods.size() == 1 && !ods.get(0).printerIds().isEmpty()
            && !ods.get(0).kdsDeviceIds().isEmpty()) {
          rvc = r;
          item = i;
          printerId = ods.get(0).printerIds().get(0);
          displayId = ods.get(0).kdsDeviceIds().get(0);
          break outer;
        }
      }
    }
    assertNotNull(item, "the generated property routes some item to a printer and a display");
    workstation = fx.table("workstations").values().stream().filter(w -> rvc.equals(w.getString("rvcId")))
        .map(w -> w.getString("id")).sorted().findFirst().orElse(fx.ids("workstations").get(0));
    fx.start();
    session = fx.signIn(workstation, fx.employeeWith(null));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  JsonObject post(String path, JsonObject body) {
    var r = fx.http().post(path).bearerTokenAuthentication(session).sendJsonObject(body).await();
    assertTrue(r.statusCode() < 300, path + " answered " + r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  String sendOneLine() {
    JsonObject check = post("/api/pos/checks", new JsonObject().put("rvcId", rvc).put("guestCount", 2)
        .put("tableName", "12"));
    String id = check.getString("id");
    post("/api/pos/checks/" + id + "/lines", fx.line(item));
    post("/api/pos/checks/" + id + "/send", new JsonObject());
    return id;
  }

  /** A KDS screen: its frames in arrival order. */
  final class Screen {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final WebSocket ws;

    Screen() {
      // the handler is in place before the handshake: the snapshot comes at once
      io.vertx.core.http.ClientWebSocket c = fx.sockets.webSocket();
      c.textMessageHandler(t -> frames.add(new JsonObject(t)));
      ws = c.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.port())
          .setURI("/ws/kds?access_token=" + fx.deviceToken(displayId, DeviceTokens.KDS))).await();
    }

    JsonObject next(String type) throws InterruptedException {
      while (true) {
        JsonObject f = frames.poll(10, TimeUnit.SECONDS);
        assertNotNull(f, "a " + type + " frame");
        if (type.equals(f.getString("type"))) {
          return f;
        }
      }
    }
  }

  @Test
  void aSendPrintsOneChitAtTheRoutedPrinterOnly() throws Exception {
    sendOneLine();
    Buffer chit = printers.get(printerId).awaitPrinted(10_000);
    assertNotNull(chit, "the routed printer printed");
    assertArrayEquals(EscPos.INIT, chit.getBytes(0, 2));
    assertArrayEquals(EscPos.CUT, chit.getBytes(chit.length() - 4, chit.length()));
    String kitchenName = fx.table("menu_items").get(item).getString("kitchenName");
    assertTrue(chit.toString().contains("1 " + kitchenName), chit.toString());
    for (Object m : fx.line(item).getJsonArray("modifierIds")) {
      String name = fx.table("modifiers").get((String) m).getString("kitchenName");
      assertTrue(chit.toString().contains("   " + name), "modifier " + name + " under its line");
    }
    for (Map.Entry<String, FakePrinter> e : printers.entrySet()) {
      if (!e.getKey().equals(printerId) && !fx.config().route(rvc, fx.table("menu_items").get(item)
          .getString("printClassId")).get(0).printerIds().contains(e.getKey())) {
        assertNull(e.getValue().awaitPrinted(50), "printer " + e.getKey() + " is not routed");
      }
    }
  }

  void sql(String... statements) {
    for (String sql : statements) {
      fx.cache().pool().query(sql).execute().await();
    }
  }

  String eventStatus(String id) {
    return fx.cache().pool().preparedQuery("SELECT status FROM kitchen_events WHERE id = ?")
        .execute(io.vertx.sqlclient.Tuple.of(id)).await().iterator().next().getString(0);
  }

  @Test
  void anEventThatCannotBeDecodedIsSetAsideAndTheNextSendStillPrints() throws Exception {
    // an outbox row whose payload cannot be opened, oldest in the queue
    sql("INSERT INTO kitchen_events (id, check_id, created_at, status, payload) VALUES ('poisoned', 'x', "
        + "'2026-01-01T00:00:00Z', 'pending', x'00')");
    sendOneLine();
    assertNotNull(printers.get(printerId).awaitPrinted(10_000), "the send behind the poisoned event printed");
    assertEquals("failed", eventStatus("poisoned"));
  }

  @Test
  void aPassThatFailsIsRetriedWithoutANewWrite() throws Exception {
    BlockingQueue<String> severe = new LinkedBlockingQueue<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getLevel() == java.util.logging.Level.SEVERE) {
          severe.add(r.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(KitchenDispatcher.class.getName());
    log.addHandler(h);
    try {
      // the file refuses print jobs (a full disk) until the refusal row goes
      sql("CREATE TABLE refuse (n INTEGER)", "INSERT INTO refuse VALUES (1)",
          "CREATE TRIGGER refuse_job BEFORE INSERT ON print_jobs WHEN (SELECT count(*) FROM refuse) > 0 "
              + "BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      sendOneLine();
      assertNotNull(severe.poll(10, TimeUnit.SECONDS), "the pass failed");
      assertNull(printers.get(printerId).awaitPrinted(50));
      sql("DELETE FROM refuse"); // the disk has room again; nobody writes
      assertNotNull(printers.get(printerId).awaitPrinted(10_000), "the send printed on a retry");
    } finally {
      log.removeHandler(h);
    }
  }

  @Test
  void aDisplayGetsTheTicketBumpsRecallsAndKeepsItAcrossAReconnectAndARestart() throws Exception {
    Screen a = new Screen();
    Screen b = new Screen(); // a second screen of the same display
    assertEquals(0, a.next("snapshot").getJsonArray("tickets").size());
    b.next("snapshot");
    String checkId = sendOneLine();
    JsonObject ticket = a.next("ticket").getJsonObject("ticket");
    assertEquals(checkId, ticket.getString("checkId"));
    assertEquals("12", ticket.getString("tableName"));
    assertEquals(ticket.getString("id"), b.next("ticket").getJsonObject("ticket").getString("id"));

    a.ws.writeTextMessage(new JsonObject().put("type", "bump").put("ticketId", ticket.getString("id")).encode());
    assertEquals(ticket.getString("id"), a.next("bumped").getString("ticketId"));
    assertEquals(ticket.getString("id"), b.next("bumped").getString("ticketId"), "every screen of the display");
    assertEquals(0, new Screen().next("snapshot").getJsonArray("tickets").size(), "bumped: gone on reconnect");

    b.ws.writeTextMessage(new JsonObject().put("type", "recall").encode());
    assertEquals(ticket.getString("id"), a.next("ticket").getJsonObject("ticket").getString("id"));
    assertEquals(1, new Screen().next("snapshot").getJsonArray("tickets").size(), "recalled: back on reconnect");

    fx.stop();
    fx.start();
    JsonObject snap = new Screen().next("snapshot");
    assertEquals(ticket.getString("id"), snap.getJsonArray("tickets").getJsonObject(0).getString("id"),
        "open tickets survive a host restart");
  }

  @Test
  void cashOpensTheDrawerOfTheWorkstationsReceiptPrinterOnlyAndNeverLater() throws Exception {
    String receipt = fx.table("workstations").get(workstation).getString("receiptPrinterId");
    assertNotNull(receipt, "the workstation has a receipt printer");
    String cash = fx.table("tenders").values().stream().filter(t -> "cash".equals(t.getString("tenderType")))
        .map(t -> t.getString("id")).findFirst().orElseThrow();
    String check = sendOneLine();
    assertNotNull(printers.get(printerId).awaitPrinted(10_000), "the send's chit");
    JsonObject pay = new JsonObject().put("tenderId", cash).put("amountCents", 100);
    var first = fx.http().post("/api/pos/checks/" + check + "/payments").bearerTokenAuthentication(session)
        .putHeader("Idempotency-Key", "cash-1").sendJsonObject(pay).await();
    assertEquals(201, first.statusCode(), first.bodyAsString());
    Buffer kick = printers.get(receipt).awaitPrinted(10_000);
    assertNotNull(kick, "the drawer kick reached the receipt printer");
    Buffer expected = Buffer.buffer().appendBytes(EscPos.INIT).appendBytes(EscPos.DRAWER_KICK);
    assertEquals(expected, kick);
    var repeat = fx.http().post("/api/pos/checks/" + check + "/payments").bearerTokenAuthentication(session)
        .putHeader("Idempotency-Key", "cash-1").sendJsonObject(pay).await();
    assertEquals(first.bodyAsString(), repeat.bodyAsString(), "the first answer again");
    assertNull(printers.get(receipt).awaitPrinted(500), "a repeated request opens no drawer");
    // with the receipt printer offline: no other printer opens a drawer, and nothing waits to open it later
    printers.get(receipt).offline(true);
    post("/api/pos/checks/" + check + "/payments", new JsonObject().put("tenderId", cash).put("amountCents", 100));
    for (Map.Entry<String, FakePrinter> e : printers.entrySet()) {
      for (Buffer b = e.getValue().awaitPrinted(200); b != null; b = e.getValue().awaitPrinted(50)) {
        assertTrue(!b.equals(expected), "no drawer kick at " + e.getKey());
      }
    }
    JsonObject queued = fx.http().get("/api/pos/print-jobs?status=queued").bearerTokenAuthentication(session).send()
        .await().bodyAsJsonObject();
    assertTrue(queued.getJsonArray("printJobs").stream().noneMatch(j -> ((JsonObject) j).getString("kind")
        .equals("drawer")), "a kick never waits in the queue: " + queued);
  }
}
