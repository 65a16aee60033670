package io.possync.cli;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A long-running command's wait: Ctrl-C (SIGINT) or SIGTERM asks it to stop, and it stops in order on the main
 * thread (the HTTP servers and sync first, the embedded PostgreSQL last) and exits 0. Shutdown hooks would run all
 * at once, the embedded PostgreSQL's among them, and the connections it cut would print exceptions. A second signal
 * stops at once.
 */
final class UntilStopped {

  private static final Logger LOG = Logger.getLogger(UntilStopped.class.getName());

  private UntilStopped() {
  }

  /**
   * Undeploys the runtime's verticles (their timers and handlers stop) before the runtime closes its clients, pools
   * and servers: closed all at once, a sync in flight would meet a closed client.
   */
  static AutoCloseable quietly(Vertx vertx, AutoCloseable runtime) {
    return () -> {
      for (String id : Set.copyOf(vertx.deploymentIDs())) {
        vertx.undeploy(id).await();
      }
      runtime.close();
    };
  }

  static void await(AutoCloseable running) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    AtomicBoolean asked = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (!asked.compareAndSet(false, true)) {
        Runtime.getRuntime().halt(128 + signal.getNumber());
      }
      stop.countDown();
    };
    for (String name : new String[] {"INT", "TERM"}) {
      Signal signal = new Signal(name);
      if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
        Signal.handle(signal, SignalHandler.SIG_IGN); // started with it ignored (nohup, a background job): keep so
      }
    }
    stop.await();
    LOG.info("stopping");
    running.close();
    LOG.info("stopped");
  }
}
