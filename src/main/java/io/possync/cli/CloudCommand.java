package io.possync.cli;

import io.possync.cloud.CloudRuntime;
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
  public Integer call() throws Exception {
    try (UntilStopped stop = UntilStopped.listen()) {
      CloudRuntime cloud = Ports.startCloud(conf.load(), conf.conf);
      stop.await(UntilStopped.quietly(cloud.vertx(), cloud));
    }
    return 0;
  }

}
