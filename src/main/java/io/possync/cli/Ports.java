package io.possync.cli;

import io.possync.cloud.CloudRuntime;
import io.possync.cloud.store.PostgresServer;
import io.possync.core.config.CloudConfig;
import io.possync.core.config.HostConfig;
import io.possync.host.HostRuntime;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The ports the commands listen on, each with the setting and the environment variable that move it: a port another
 * program holds stops the command with one line naming both (exit 1), not a bind error.
 */
final class Ports {

  /** A port possync listens on: what for, its conf key and its environment override. */
  record Setting(String what, String key, String env) {
    PortInUseException inUse(int port, Path conf) {
      return new PortInUseException("port " + port + " for " + what + " is in use: set " + key + " in " + conf + " or "
          + env + " to a free one");
    }
  }

  static final Setting HTTP = new Setting("the HTTP server", CloudConfig.KEY_HTTP_PORT, CloudConfig.ENV_HTTP_PORT);
  static final Setting LAN = new Setting("the LAN endpoint", HostConfig.KEY_LAN_PORT, HostConfig.ENV_LAN_PORT);
  static final Setting POSTGRES = new Setting("the embedded PostgreSQL", CloudConfig.KEY_PG_PORT,
      CloudConfig.ENV_PG_PORT);

  /** The command's one-line failure: exit 1 (the same conf works once the port is free). */
  static final class PortInUseException extends RuntimeException {
    PortInUseException(String message) {
      super(message, null, false, false);
    }
  }

  private Ports() {
  }

  /** Starts a cloud node from {@code conf}; its HTTP server is the only thing in this process that binds a port. */
  static CloudRuntime startCloud(CloudConfig config, Path conf) {
    checkEmbeddedPostgres(config, conf);
    return binding(HTTP, config.httpPort(), conf, () -> CloudRuntime.start(config));
  }

  /** Starts a service host from {@code conf}; its LAN endpoint is the only thing it binds. */
  static HostRuntime startHost(HostConfig config, Path conf) {
    return binding(LAN, config.lanPort(), conf, () -> HostRuntime.start(config));
  }

  /**
   * The embedded PostgreSQL runs in a process of its own, which only says after a long wait that it could not start:
   * so its port is tried first, unless that PostgreSQL already runs on this data dir (a command then joins it).
   */
  static void checkEmbeddedPostgres(CloudConfig config, Path conf) {
    int port = config.embeddedPostgresPort();
    if (config.postgresUri() != null || port == 0
        || PostgresServer.runningPort(config.dataDir().resolve("pg").toAbsolutePath()) != null) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.getLocalPort(); // free: PostgreSQL may take it
    } catch (BindException e) {
      throw POSTGRES.inUse(port, conf);
    } catch (IOException e) {
      // not a bind failure: leave it to PostgreSQL to say what is wrong
    }
  }

  private static <T> T binding(Setting setting, int port, Path conf, Supplier<T> start) {
    try {
      return start.get();
    } catch (Exception e) { // Future.await() throws the failure as it is, a checked BindException included

      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw setting.inUse(port, conf);
        }
      }
      throw e;
    }
  }
}
