package io.possync.bench;

import io.possync.cloud.store.PostgresServer;
import io.possync.support.TestPostgres;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;

/** The benchmarks' PostgreSQL: POSSYNC_BENCH_PG_URI, or an embedded server; a fresh database each run. */
final class BenchDatabase {

  private BenchDatabase() {
  }

  static PgConnectOptions fresh(String name) throws Exception {
    String uri = System.getenv("POSSYNC_BENCH_PG_URI");
    PostgresServer server = uri != null && !uri.isBlank() ? PostgresServer.external(uri)
        : PostgresServer.embedded(Files.createTempDirectory("possync-bench"), 0);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    PgConnectOptions base = server.connectOptions();
    String db = name + "_" + System.currentTimeMillis();
    TestPostgres.exec(base, "CREATE DATABASE " + db);
    System.out.println("database: " + server.describe().replace("/" + base.getDatabase(), "/" + db));
    return new PgConnectOptions(base).setDatabase(db);
  }

  /**
   * The baseline of the export and full-sync figures: PostgreSQL's own json_agg over exactly the rows a snapshot of
   * the property holds (the same filters), in one statement.
   */
  static String jsonAggBaseline(io.possync.core.catalog.Catalog catalog) {
    StringBuilder sql = new StringBuilder("SELECT 1");
    io.possync.cloud.store.CatalogSql catalogSql = new io.possync.cloud.store.CatalogSql(catalog);
    for (io.possync.core.catalog.EntityType e : catalog.entities()) {
      sql.append(", (SELECT json_agg(t)::text FROM ").append(e.table()).append(" t WHERE ")
          .append(catalogSql.visible(e, "t")).append(")");
    }
    return sql.append(" FROM properties p WHERE p.id = $1").toString();
  }

  static double median(long[] xs) {
    double[] d = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      d[i] = xs[i];
    }
    return median(d);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
