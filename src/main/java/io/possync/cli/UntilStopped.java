package io.possync.cli;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
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
final class UntilStopped implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(UntilStopped.class.getName());
  private static final String[] SIGNALS = {"INT", "TERM"};

  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicBoolean asked = new AtomicBoolean();
  private final Map<String, SignalHandler> previous = new HashMap<>();

  private UntilStopped() {
  }

  /**
   * Takes Ctrl-C and SIGTERM from the JVM's default (shutdown hooks); call before starting, so that a stop asked for
   * during the start takes effect right after it. {@link #close()} gives them back.
   */
  static UntilStopped listen() {
    UntilStopped u = new UntilStopped();
    SignalHandler handler = signal -> {
      if (!u.asked.compareAndSet(false, true)) {
        Runtime.getRuntime().halt(128 + signal.getNumber());
      }
      u.stop.countDown();
    };
    for (String name : SIGNALS) {
      Signal signal = new Signal(name);
      SignalHandler old = Signal.handle(signal, handler);
      if (old == SignalHandler.SIG_IGN) {
        Signal.handle(signal, old); // started with it ignored (nohup, a background job): keep it so
      }
      u.previous.put(name, old);
    }
    return u;
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

  /** Blocks until Ctrl-C or SIGTERM, then closes {@code running}. */
  void await(AutoCloseable running) throws Exception {
    stop.await();
    LOG.info("stopping");
    // Work still in flight when its event loops stop (a blocking task of a sync or exchange begun a moment before
    // Ctrl-C) finds nobody to hand its result to: Netty refuses it, and the worker thread would print that. The
    // process is stopping and that work is abandoned by design, so the refusal is noted at FINE, not printed.
    Thread.UncaughtExceptionHandler printing = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, err) -> {
      if (err instanceof java.util.concurrent.RejectedExecutionException) {
        LOG.fine("work abandoned while stopping, on " + thread.getName() + ": " + err.getMessage());
      } else if (printing != null) {
        printing.uncaughtException(thread, err);
      } else {
        thread.getThreadGroup().uncaughtException(thread, err);
      }
    });
    running.close();
    LOG.info("stopped");
  }

  @Override
  public void close() {
    previous.forEach((name, old) -> Signal.handle(new Signal(name), old));
  }
}
