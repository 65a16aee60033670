package io.possync.host.controllers.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.possync.core.caps.Check;
import io.possync.core.caps.PosConfig;
import io.possync.host.cache.LocalCache;
import io.possync.host.sync.Backoff;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Print delivery with real loopback printers and the real queue in a SQLite file. */
class PrintDispatcherTest {

  final Vertx vertx = Vertx.vertx();
  final FakePrinter grill = FakePrinter.start(vertx);
  final FakePrinter backup = FakePrinter.start(vertx);
  final FakePrinter bar = FakePrinter.start(vertx);
  final Map<String, Map<String, JsonObject>> tables = new HashMap<>();
  final Path file;
  LocalCache cache;
  PrintDispatcher dispatcher;
  PrintQueue queue;

  PrintDispatcherTest() throws Exception {
    file = Files.createTempDirectory("possync-print").resolve("cache.db");
    put("properties", new JsonObject().put("id", "p").put("name", "Harbor Grill").put("timezone", "UTC")
        .put("dayStartTime", "04:00:00"));
    printer("grill", "Grill", grill.port(), "backup");
    printer("backup", "Expo", backup.port(), null);
    printer("bar", "Bar", bar.port(), null);
  }

  void put(String table, JsonObject row) {
    tables.computeIfAbsent(table, k -> new HashMap<>()).put(row.getString("id"), row);
  }

  void printer(String id, String name, int port, String backupId) {
    put("printers", new JsonObject().put("id", id).put("name", name).put("host", "127.0.0.1").put("port", port)
        .put("lineWidth", 42).put("backupPrinterId", backupId).put("active", true));
  }

  void start(long replyTimeoutMs) {
    cache = LocalCache.open(vertx, file, "t").await();
    queue = PrintQueue.open(cache).await();
    dispatcher = new PrintDispatcher(vertx, queue, new PrinterClient(vertx, replyTimeoutMs),
        () -> new PosConfig(1, k -> tables.getOrDefault(k, Map.of())), Clock.systemUTC(), new Backoff(50, 200),
        new SimpleMeterRegistry());
    dispatcher.start().await();
  }

  PrintJob chit(String printerId) {
    Check.Line line = new Check.Line("l1", "m", "Burger", "BRGR", "pc", 2, 1299,
        List.of(new Check.LineModifier("x", "Rare", "RARE", 0)), null, null, Check.SENT, null);
    PrintJob job = new PrintJob(UUID.randomUUID().toString(), PrintJob.CHIT, printerId, "c1", 17, "Dining",
        "dine_in", "12", "Ana", Instant.now(), List.of(line), null);
    queue.add(List.of(job), Instant.now()).await();
    dispatcher.submit(job);
    return job;
  }

  static int refusedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() {
    cache.close().await();
    vertx.close().await();
  }

  @Test
  void aChitHoldsTheSendAndIsCut() throws Exception {
    start(1000);
    PrintJob job = chit("grill");
    Buffer got = grill.awaitPrinted(5000);
    assertNotNull(got);
    String text = got.toString();
    assertTrue(text.startsWith("\u001b@"), "starts with ESC @");
    assertTrue(text.endsWith("\u001dVA\u0000"), "ends with a cut");
    for (String s : List.of("CHECK 17", "Dining - DINE IN", "TABLE 12", "Server: Ana", "2 BRGR", "   RARE",
        "Job " + job.id())) {
      assertTrue(text.contains(s), s + " in " + text);
    }
    assertNull(backup.awaitPrinted(100), "nothing goes to the backup");
  }

  @Test
  void aPrintedMarkThatFailsIsRetriedUntilDurableSoTheJobNeverPrintsAgainAfterARestart() throws Exception {
    start(1000);
    // the file refuses the first "printed" mark (a full disk, a locked file), then takes writes again
    for (String sql : List.of("CREATE TABLE refuse (n INTEGER)", "INSERT INTO refuse VALUES (1)",
        "CREATE TRIGGER refuse_mark BEFORE UPDATE OF status ON print_jobs WHEN NEW.status = 'printed' AND "
            + "(SELECT n FROM refuse) > 0 BEGIN UPDATE refuse SET n = n - 1; SELECT RAISE(FAIL, 'disk full'); END")) {
      cache.pool().query(sql).execute().await();
    }
    java.util.concurrent.BlockingQueue<String> marked = new java.util.concurrent.LinkedBlockingQueue<>();
    dispatcher.onPrinted(marked::add);
    PrintJob job = chit("grill");
    assertNotNull(grill.awaitPrinted(5000));
    assertEquals(job.id(), marked.poll(10, java.util.concurrent.TimeUnit.SECONDS), "the mark was retried");
    assertEquals(0, cache.pool().query("SELECT n FROM refuse").execute().await().iterator().next().getInteger(0),
        "the first mark was refused");
    assertTrue(queue.list(PrintQueue.QUEUED).await().isEmpty(), "nothing prints again after a restart");
    assertEquals("grill", queue.list(PrintQueue.PRINTED).await().get(0).printedBy());
    PrintJob next = chit("grill");
    assertNotNull(grill.awaitPrinted(5000), "the lane goes on");
    assertEquals(next.id(), marked.poll(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void aRefusedPrinterFailsOverToItsBackupWithTheBanner() throws Exception {
    printer("grill", "Grill", refusedPort(), "backup");
    start(1000);
    chit("grill");
    Buffer got = backup.awaitPrinted(5000);
    assertNotNull(got);
    assertTrue(got.toString().contains("BACKUP FOR Grill"), got.toString());
  }

  @Test
  void anOfflinePrinterFailsOverToItsBackup() throws Exception {
    grill.offline(true);
    start(1000);
    chit("grill");
    assertTrue(backup.awaitPrinted(5000).toString().contains("BACKUP FOR Grill"));
  }

  @Test
  void aJobNoPrinterTakesWaitsAcrossARestartAndPrintsOnce() throws Exception {
    grill.offline(true);
    backup.offline(true);
    start(1000);
    PrintJob job = chit("grill");
    // it was tried (both printers answered offline) and waits
    assertEquals(PrintQueue.QUEUED, queue.list(null).await().get(0).status());
    dispatcher.stop();
    cache.close().await();
    start(1000); // a host restart: the queue is read back from the file
    assertEquals(1, dispatcher.depth());
    backup.offline(false);
    Buffer got = backup.awaitPrinted(10_000);
    assertNotNull(got);
    assertTrue(got.toString().contains("Job " + job.id()));
    grill.offline(false);
    assertNull(grill.awaitPrinted(500), "printed once: not again when its own printer returns");
    assertNull(backup.awaitPrinted(100));
    assertEquals(PrintQueue.PRINTED, queue.list(null).await().get(0).status());
  }

  @Test
  void aSlowPrinterDoesNotDelayAnother() throws Exception {
    grill.mute(true); // takes the job, never answers: the grill lane waits for its reply timeout
    put("printers", tables.get("printers").get("grill").copy().put("backupPrinterId", (String) null));
    start(20_000);
    PrintJob slow = chit("grill");
    chit("bar");
    assertNotNull(bar.awaitPrinted(5000), "the bar printed while the grill had not answered");
    assertTrue(queue.list(PrintQueue.QUEUED).await().stream().anyMatch(e -> e.job().id().equals(slow.id())),
        "the grill's job still waits for its reply");
  }
}
