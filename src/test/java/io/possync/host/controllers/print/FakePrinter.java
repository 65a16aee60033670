package io.possync.host.controllers.print;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ESC/POS printer on loopback: records every byte it receives and answers each {@code DLE EOT 1} with a status
 * byte (0x12 ready, 0x1A offline), or not at all when mute. The tests' stand-in for a kitchen printer.
 */
public final class FakePrinter {

  public static final byte READY = 0x12;
  public static final byte OFFLINE = 0x1A;

  private final NetServer server;
  private final Buffer received = Buffer.buffer();
  private final List<Buffer> jobs = new ArrayList<>();
  private final java.util.concurrent.BlockingQueue<Buffer> arrivals = new java.util.concurrent.LinkedBlockingQueue<>();
  private final AtomicInteger statusRequests = new AtomicInteger();
  private volatile byte status = READY;
  private volatile boolean mute;
  /** A stray byte sent on every new connection before anything else (null: none). */
  private volatile Byte stray;

  private FakePrinter(NetServer server) {
    this.server = server;
  }

  public static FakePrinter start(Vertx vertx) {
    FakePrinter[] self = new FakePrinter[1];
    NetServer server = vertx.createNetServer().connectHandler(sock -> {
      Byte first = self[0].stray;
      if (first != null) {
        sock.write(Buffer.buffer(new byte[] {first}));
      }
      Buffer[] pending = {Buffer.buffer()};
      sock.handler(b -> {
        Buffer job = pending[0];
        synchronized (self[0]) {
          self[0].received.appendBuffer(b);
          job.appendBuffer(b);
          int n = job.length();
          if (n >= 3 && job.getByte(n - 3) == 0x10 && job.getByte(n - 2) == 0x04 && job.getByte(n - 1) == 0x01) {
            Buffer one = job.getBuffer(0, n - 3);
            self[0].jobs.add(one);
            pending[0] = Buffer.buffer(); // the next job on this connection starts here
            if (!self[0].mute && (self[0].status & 0x08) == 0) {
              self[0].arrivals.add(one); // printed
            }
            self[0].statusRequests.incrementAndGet();
            if (!self[0].mute) {
              sock.write(Buffer.buffer(new byte[] {self[0].status}));
            }
          }
        }
      });
    });
    self[0] = new FakePrinter(server);
    server.listen(0, "127.0.0.1").await();
    return self[0];
  }

  public int port() {
    return server.actualPort();
  }

  public void offline(boolean offline) {
    status = offline ? OFFLINE : READY;
  }

  public void mute(boolean m) {
    mute = m;
  }

  /** Sends {@code b} first on every new connection (line noise, a banner), before any status. */
  public void strayByte(byte b) {
    stray = b;
  }

  /** The jobs received so far (each without its status request). */
  public synchronized List<Buffer> jobs() {
    return List.copyOf(jobs);
  }

  /** The next job this printer prints (answers as printed), waiting up to {@code ms}; null when none came. */
  public Buffer awaitPrinted(long ms) throws InterruptedException {
    return arrivals.poll(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public void stop() {
    server.close().await();
  }
}
