package io.possync.cli;

import io.possync.cloud.CloudRuntime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "cloud", mixinStandardHelpOptions = true,
    description = "Runs a cloud node until stopped (SIGTERM or Ctrl-C). With no PostgreSQL URI it starts an embedded "
        + "PostgreSQL with its data under the data dir.")
final class CloudCommand implements Callable<Integer> {

  @Mixin
  ConfOption conf;

  @Override
  public Integer call() throws InterruptedException {
    CloudRuntime cloud = CloudRuntime.start(conf.load());
    runUntilStopped(cloud);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes {@code resource} from the shutdown hook. */
  static void runUntilStopped(AutoCloseable resource) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("possync: error while stopping: " + e.getMessage());
      }
      stopped.countDown();
    }, "possync-shutdown"));
    stopped.await();
  }
}
