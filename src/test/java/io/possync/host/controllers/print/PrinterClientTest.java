package io.possync.host.controllers.print;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.host.controllers.print.PrinterClient.Outcome;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery to a printer over real loopback sockets. */
class PrinterClientTest {

  final Vertx vertx = Vertx.vertx();
  final PrinterClient client = new PrinterClient(vertx, 500);
  final FakePrinter printer = FakePrinter.start(vertx);
  final Buffer job = new EscPos.Doc(32).line("1 BURGER").cut();

  @AfterEach
  void tearDown() {
    printer.stop();
    vertx.close().await();
  }

  @Test
  void aJobIsPrintedWhenTheStatusSaysOnline() {
    assertEquals(Outcome.PRINTED, client.print("127.0.0.1", printer.port(), job).await());
    assertEquals(1, printer.jobs().size());
    Buffer got = printer.jobs().get(0);
    assertArrayEquals(EscPos.INIT, got.getBytes(0, 2));
    assertArrayEquals(EscPos.CUT, got.getBytes(got.length() - 4, got.length()));
    assertTrue(got.toString().contains("1 BURGER"));
  }

  @Test
  void theOfflineBitMeansNotPrinted() {
    printer.offline(true);
    assertEquals(Outcome.OFFLINE, client.print("127.0.0.1", printer.port(), job).await());
  }

  @Test
  void aStrayByteBeforeTheStatusIsNotReadAsPrinted() {
    printer.strayByte((byte) 0x00); // the fixed bits (1 and 4 set) are wrong: no status
    printer.offline(true);
    assertEquals(Outcome.OFFLINE, client.print("127.0.0.1", printer.port(), job).await());
  }

  @Test
  void onlyAStrayByteIsNoReply() {
    printer.strayByte((byte) 0x00);
    printer.mute(true);
    assertEquals(Outcome.NO_REPLY, client.print("127.0.0.1", printer.port(), job).await());
  }

  @Test
  void noReplyMeansNotPrinted() {
    printer.mute(true);
    assertEquals(Outcome.NO_REPLY, client.print("127.0.0.1", printer.port(), job).await());
  }

  @Test
  void aRefusedPortMeansUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertEquals(Outcome.UNREACHABLE, client.print("127.0.0.1", port, job).await());
  }
}
