package io.possync.cloud;

import io.possync.cloud.store.PostgresServer;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL the test owns: it stops it (the database "goes away" under a running cloud node) and starts
 * it again on the same port and data directory, as a restarted or failed-over database server would come back.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path dir;
  private final int port;
  private PostgresServer server;

  private RestartablePostgres(Path dir, PostgresServer server) {
    this.dir = dir;
    this.server = server;
    this.port = server.connectOptions().getPort();
  }

  public static RestartablePostgres start() {
    try {
      Path dir = Files.createTempDirectory("possync-restartable-pg");
      return new RestartablePostgres(dir, PostgresServer.embedded(dir, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Options for its default database (the cloud node's database in these tests). */
  public PgConnectOptions options() {
    return new PgConnectOptions().setHost("127.0.0.1").setPort(port).setUser("postgres").setDatabase("postgres");
  }

  /** Stops the server (a fast shutdown: sessions are terminated) and waits until it is down. */
  public void stop() {
    server.close();
    server = null;
  }

  /** Starts it again on the same port and data, and waits until it accepts connections. */
  public void restart() {
    server = PostgresServer.embedded(dir, port);
  }

  @Override
  public void close() {
    if (server != null) {
      stop();
    }
  }
}
