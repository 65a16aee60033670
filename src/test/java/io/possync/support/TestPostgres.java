package io.possync.support;

import io.possync.cloud.store.PostgresServer;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: the one at POSSYNC_TEST_PG_URI when set, otherwise one embedded server per
 * test JVM. Each test class gets a database of its own from {@link #newDatabase(String)}.
 */
public final class TestPostgres {

  private static PostgresServer server;

  private TestPostgres() {
  }

  private static synchronized PostgresServer server() {
    if (server == null) {
      String uri = System.getenv("POSSYNC_TEST_PG_URI");
      if (uri != null && !uri.isBlank()) {
        server = PostgresServer.external(uri);
      } else {
        try {
          Path dir = Files.createTempDirectory("possync-test-pg");
          server = PostgresServer.embedded(dir, 0);
          PostgresServer s = server;
          Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return server;
  }

  /** Creates an empty database for one test class and returns options to reach it. */
  public static PgConnectOptions newDatabase(String owner) {
    PgConnectOptions base = server().connectOptions();
    String name = ("possync_" + owner.replaceAll("[^A-Za-z0-9]", "_") + "_"
        + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    exec(base, "CREATE DATABASE " + name);
    return new PgConnectOptions(base).setDatabase(name);
  }

  /** Drops a test class's database (a shared server would otherwise collect them). */
  public static void dropDatabase(PgConnectOptions o) {
    exec(server().connectOptions(), "DROP DATABASE IF EXISTS " + o.getDatabase() + " WITH (FORCE)");
  }

  /** Runs one statement over JDBC, outside Vert.x (what a DBA's psql would do). */
  public static void exec(PgConnectOptions o, String sql) {
    try (Connection c = jdbc(o); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static Connection jdbc(PgConnectOptions o) throws SQLException {
    String url = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    return DriverManager.getConnection(url, o.getUser(), o.getPassword() == null ? "" : o.getPassword());
  }

  /** A postgresql:// URI for these options, as a user would put in a conf file. */
  public static String uri(PgConnectOptions o) {
    return "postgresql://" + o.getUser() + (o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword())
        + "@" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }
}
