package io.possync.cli;

import io.possync.core.config.CloudConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --conf}: the cloud conf file, with environment overrides. */
final class ConfOption {

  @Option(names = "--conf", paramLabel = "FILE", defaultValue = "conf/cloud.json",
      description = "Cloud conf file (default: ${DEFAULT-VALUE}). POSSYNC_PG_URI, POSSYNC_HTTP_PORT, POSSYNC_PG_PORT, "
          + "POSSYNC_ADMIN_TOKEN and POSSYNC_DATA_DIR override it.")
  Path conf;

  CloudConfig load() {
    return CloudConfig.load(conf, System.getenv());
  }
}
