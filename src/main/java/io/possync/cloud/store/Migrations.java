package io.possync.cloud.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Versioned schema migrations, applied in order at start, each in its own transaction and recorded in
 * {@code schema_migrations}; an applied one is never run again, so a second start changes nothing. An advisory lock
 * keeps two cloud nodes starting together from racing.
 */
public final class Migrations {

  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  /** In order. A new migration is appended here and never edited once released. */
  static final List<String> FILES = List.of("V001__entities.sql", "V002__change_capture.sql",
      "V003__sync_service.sql", "V004__capture_from_catalog.sql", "V005__pos.sql", "V006__payments.sql",
      "V007__gift_debits.sql", "V008__pos_checks.sql", "V009__pos_sessions.sql",
      "V010__check_merge.sql", "V011__cloud_kds.sql");

  private static final long LOCK_KEY = 0x706f7373796e63L; // "possync"

  private Migrations() {
  }

  /** Applies what is missing; the result is the names applied now (empty when the schema was current). */
  public static Future<List<String>> apply(SqlConnection conn) {
    return conn.query("SELECT pg_advisory_lock(" + LOCK_KEY + ")").execute()
        .compose(v -> conn.query("SELECT to_regclass('schema_migrations') IS NULL").execute())
        .compose(r -> r.iterator().next().getBoolean(0)
            ? conn.query("CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL "
                + "DEFAULT now())").execute().mapEmpty()
            : Future.succeededFuture())
        .compose(v -> conn.query("SELECT name FROM schema_migrations").execute())
        .compose(rows -> {
          Set<String> done = new HashSet<>();
          for (Row r : rows) {
            done.add(r.getString(0));
          }
          List<String> todo = FILES.stream().filter(f -> !done.contains(f)).toList();
          Future<Void> chain = Future.succeededFuture();
          for (String f : todo) {
            chain = chain.compose(v -> applyOne(conn, f));
          }
          return chain.map(v -> todo);
        })
        .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute());
  }

  private static Future<Void> applyOne(SqlConnection conn, String file) {
    String sql = resource("/db/" + file);
    return conn.begin().compose(tx -> conn.query(sql).execute()
        .compose(v -> conn.preparedQuery("INSERT INTO schema_migrations (name) VALUES ($1)").execute(Tuple.of(file)))
        .compose(v -> tx.commit())
        .onSuccess(v -> LOG.info("applied migration " + file))
        .recover(err -> tx.rollback().transform(x -> Future.failedFuture(
            new IllegalStateException("migration " + file + " failed: " + err.getMessage(), err)))));
  }

  static String resource(String path) {
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }
}
