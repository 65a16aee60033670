package io.possync.cli;

import io.possync.core.config.HostConfig;
import io.possync.host.HostRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "host", mixinStandardHelpOptions = true,
    description = {"Runs a service host for one property until stopped (SIGTERM or Ctrl-C): the encrypted cache, "
        + "sync with the cloud, and the LAN endpoint (/api/host/status, /ready, /metrics).",
        "POSSYNC_PROPERTY_ID, POSSYNC_SERVICE_HOST_ID, POSSYNC_CLOUD_URL, POSSYNC_TOKEN_FILE, POSSYNC_DATA_DIR, "
            + "POSSYNC_LAN_PORT, POSSYNC_HEARTBEAT_SECONDS and POSSYNC_VAULT_FILE override the conf file."})
final class HostCommand implements Callable<Integer> {

  @Option(names = "--conf", paramLabel = "FILE", defaultValue = "conf/host.json",
      description = "Host conf file (default: ${DEFAULT-VALUE}).")
  Path conf;

  @Override
  public Integer call() throws Exception {
    try (UntilStopped stop = UntilStopped.listen()) {
      HostRuntime host = Ports.startHost(HostConfig.load(conf, System.getenv()), conf);
      stop.await(UntilStopped.quietly(host.vertx(), host));
    }
    return 0;
  }
}
