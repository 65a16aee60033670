package io.possync.bench;

import io.possync.cloud.store.CloudDatabase;
import io.possync.cloud.store.PropertyImport;
import io.possync.cloud.store.SnapshotQuery;
import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.support.TestPostgres;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * The foundation's speed figures on the large property (10,000 menu items, 2,000 modifiers, 500 modifier groups,
 * 20,000 item-to-group links, 500 employees): import time, trigger overhead per changed row, and the full export
 * against PostgreSQL building the JSON of the same rows itself. Targets: export within 2x of json_agg, trigger
 * overhead under 50 microseconds per row.
 */
public final class StoreBenchmark {

  private StoreBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    io.possync.core.Logging.configure();
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Catalog catalog = Catalog.get();
    PgConnectOptions options = BenchDatabase.fresh("possync_bench_store");
    Vertx vertx = Vertx.vertx();
    CloudDatabase db = CloudDatabase.open(vertx, options, 4).await();

    long g0 = System.nanoTime();
    JsonObject file = new PropertyGenerator("Benchmark Megastore", PropertyGenerator.Size.LARGE).generate();
    int rows = 0;
    for (EntityType e : catalog.entities()) {
      Object v = file.getValue(e.key());
      rows += v instanceof JsonArray a ? a.size() : v == null ? 0 : 1;
    }
    System.out.printf("generated property: %d rows in %.2f s%n", rows, (System.nanoTime() - g0) / 1e9);

    long i0 = System.nanoTime();
    PropertyImport.Result imported = new PropertyImport(catalog).run(db.pool(), file, null).await();
    double importS = (System.nanoTime() - i0) / 1e9;
    System.out.printf("import: %.2f s for %d rows (%.0f rows/s), version %d%n", importS, rows, rows / importS,
        imported.version());
    UUID property = imported.propertyId();
    try (Connection c = TestPostgres.jdbc(options); Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }

    // Trigger overhead: the same UPDATE of 10,000 rows on menu_items and on an identical table with no trigger.
    try (Connection c = TestPostgres.jdbc(options); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE menu_items_plain (LIKE menu_items INCLUDING ALL)");
      s.execute("INSERT INTO menu_items_plain SELECT * FROM menu_items");
      s.execute("VACUUM ANALYZE menu_items_plain");
      double[] with = new double[reps];
      double[] without = new double[reps];
      int n = 0;
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        n = s.executeUpdate("UPDATE menu_items SET price_cents = price_cents + 1 WHERE property_id = '" + property + "'");
        with[r] = (System.nanoTime() - t0) / 1e3;
        t0 = System.nanoTime();
        s.executeUpdate("UPDATE menu_items_plain SET price_cents = price_cents + 1 WHERE property_id = '" + property + "'");
        without[r] = (System.nanoTime() - t0) / 1e3;
      }
      double w = BenchDatabase.median(with);
      double wo = BenchDatabase.median(without);
      System.out.printf("update of %d rows: %.1f ms with capture trigger, %.1f ms without (medians of %d)%n", n,
          w / 1e3, wo / 1e3, reps);
      System.out.printf("trigger overhead: %.1f us per changed row (target < 50)%n", (w - wo) / n);
    }

    // Export against PostgreSQL's own json_agg over the same rows.
    SnapshotQuery snapshots = new SnapshotQuery(catalog);
    String baseline = BenchDatabase.jsonAggBaseline(catalog);
    double[] agg = new double[reps];
    double[] exp = new double[reps];
    long bytes = 0;
    long aggBytes = 0;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      Row row = db.pool().preparedQuery(baseline).execute(Tuple.of(property)).await().iterator().next();
      agg[r] = (System.nanoTime() - t0) / 1e6;
      aggBytes = 0;
      for (int k = 1; k < row.size(); k++) {
        aggBytes += row.getString(k) == null ? 0 : row.getString(k).length();
      }
      t0 = System.nanoTime();
      Buffer payload = snapshots.read(db.pool(), property).await().orElseThrow().toPayload(catalog, Instant.now());
      exp[r] = (System.nanoTime() - t0) / 1e6;
      bytes = payload.length();
    }
    double a = BenchDatabase.median(agg);
    double e = BenchDatabase.median(exp);
    System.out.printf("json_agg of the same rows: %.0f ms (%d chars)%n", a, aggBytes);
    System.out.printf("full export: %.0f ms (%d bytes), %.2fx json_agg (target <= 2x)%n", e, bytes, e / a);

    db.close().await();
    vertx.close().await();
    TestPostgres.exec(new PgConnectOptions(options).setDatabase("postgres"),
        "DROP DATABASE " + options.getDatabase() + " WITH (FORCE)");
    System.exit(0);
  }
}
