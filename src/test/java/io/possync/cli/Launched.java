package io.possync.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * possync run as a user runs it, in a process of its own (the test JVM's class path stands in for the jar), with its
 * standard output and error read line by line as they come, so a test can wait for a line rather than sleep.
 */
final class Launched implements AutoCloseable {

  final Process process;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private boolean outClosed;
  private boolean errClosed;

  private Launched(Process process) {
    this.process = process;
    reader(process.getInputStream(), out, true);
    reader(process.getErrorStream(), err, false);
  }

  /** {@code java -cp <test class path> io.possync.Main args...} in {@code workDir}, with extra environment. */
  static Launched start(Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.possync.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("POSSYNC_"));
    pb.environment().putAll(env);
    return new Launched(pb.start());
  }

  private void reader(InputStream in, List<String> lines, boolean isOut) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
      synchronized (this) {
        if (isOut) {
          outClosed = true;
        } else {
          errClosed = true;
        }
        notifyAll();
      }
    }, "launched-" + (isOut ? "out" : "err"));
    t.setDaemon(true);
    t.start();
  }

  /** Waits until a line of standard output satisfies {@code p}; fails with what the process said otherwise. */
  String awaitOut(Predicate<String> p, Duration timeout) throws InterruptedException {
    return await(out, true, p, timeout);
  }

  /** Waits until a line of standard error (the log) satisfies {@code p}. */
  String awaitErr(Predicate<String> p, Duration timeout) throws InterruptedException {
    return await(err, false, p, timeout);
  }

  private synchronized String await(List<String> lines, boolean isOut, Predicate<String> p, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        if (p.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      long left = end - System.nanoTime();
      if ((isOut ? outClosed : errClosed) || left <= 0) {
        throw new AssertionError("the awaited line did not come; stdout:\n" + String.join("\n", out) + "\nstderr:\n"
            + String.join("\n", err));
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the process to end and both streams to be read; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not stop within " + timeout + "; stderr:\n" + err());
    }
    synchronized (this) {
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!(outClosed && errClosed) && System.nanoTime() < end) {
        TimeUnit.NANOSECONDS.timedWait(this, end - System.nanoTime());
      }
    }
    return process.exitValue();
  }

  /** Sends a signal (INT, TERM) as a terminal's Ctrl-C or a service manager would. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " failed");
    }
  }

  synchronized String out() {
    return String.join("\n", out);
  }

  synchronized String err() {
    return String.join("\n", err);
  }

  synchronized String lastErrLine() {
    return err.isEmpty() ? "" : err.get(err.size() - 1);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
