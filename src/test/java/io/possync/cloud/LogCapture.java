package io.possync.cloud;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the records one JUL logger (and its children) writes while a test runs; close to stop. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<LogRecord> arrivals = new LinkedBlockingQueue<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  public static LogCapture of(String loggerName) {
    LogCapture c = new LogCapture(Logger.getLogger(loggerName));
    c.setLevel(Level.ALL);
    c.logger.addHandler(c);
    return c;
  }

  @Override
  public void publish(LogRecord r) {
    records.add(r);
    arrivals.add(r);
  }

  /** Records at {@code level} or above. */
  public List<LogRecord> atLeast(Level level) {
    return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
  }

  /** Waits (at most 30 s) for a record that matches; fails the test when none comes. */
  public LogRecord await(Predicate<LogRecord> match) throws InterruptedException {
    for (LogRecord r : records) {
      if (match.test(r)) {
        return r;
      }
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      LogRecord r = arrivals.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (r != null && match.test(r)) {
        return r;
      }
    }
    throw new AssertionError("no such log record within 30 s; saw " + records.stream()
        .map(x -> x.getLevel() + " " + x.getMessage()).toList());
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
