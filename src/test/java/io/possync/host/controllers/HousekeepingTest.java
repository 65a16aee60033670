package io.possync.host.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.host.cache.LocalCache;
import io.possync.host.controllers.caps.SqliteCheckStore;
import io.possync.host.controllers.kds.KdsTickets;
import io.possync.host.controllers.print.PrintQueue;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is finished and old leaves the cache file; what waits, or is recent, stays. */
class HousekeepingTest {

  @Test
  void finishedRowsPastTheirTimeGoAndNothingWaitingDoes() throws Exception {
    Vertx vertx = Vertx.vertx();
    LocalCache cache = LocalCache.open(vertx, Files.createTempDirectory("possync-hk").resolve("cache.db"), "t").await();
    SqliteCheckStore store = SqliteCheckStore.open(vertx, cache, Clock.systemUTC(), 1).await();
    PrintQueue.open(cache).await();
    KdsTickets.open(cache).await();
    try {
      Instant now = Instant.now();
      String old = now.minus(Duration.ofDays(8)).toString();
      String recent = now.minus(Duration.ofHours(2)).toString();
      String twoDays = now.minus(Duration.ofDays(2)).toString();
      for (Object[] r : List.of(new Object[] {"printed-old", "printed", old}, new Object[] {"printed-new", "printed",
          recent}, new Object[] {"queued-old", "queued", null})) {
        cache.pool().preparedQuery("INSERT INTO print_jobs (id, printer_id, created_at, status, printed_at, payload) "
            + "VALUES (?, 'p', ?, ?, ?, x'00')").execute(Tuple.of(r[0], old, r[1], r[2])).await();
      }
      for (Object[] r : List.of(new Object[] {"done-old", "done", old}, new Object[] {"pending-old", "pending", old})) {
        cache.pool().preparedQuery("INSERT INTO kitchen_events (id, check_id, created_at, status, payload) VALUES "
            + "(?, 'c', ?, ?, x'00')").execute(Tuple.of(r[0], r[2], r[1])).await();
      }
      for (Object[] r : List.of(new Object[] {"up-old", "uploaded", old}, new Object[] {"pend-old", "pending", old})) {
        cache.pool().preparedQuery("INSERT INTO txn_queue (id, created_at, status, payload) VALUES (?, ?, ?, x'00')")
            .execute(Tuple.of(r[0], r[2], r[1])).await();
      }
      for (Object[] r : List.of(new Object[] {"bumped-old", "bumped", twoDays}, new Object[] {"bumped-new", "bumped",
          recent}, new Object[] {"open-old", "open", null})) {
        cache.pool().preparedQuery("INSERT INTO kds_tickets (id, display_id, check_id, status, created_at, bumped_at, "
            + "payload) VALUES (?, 'd', 'c', ?, ?, ?, x'00')").execute(Tuple.of(r[0], r[1], old, r[2])).await();
      }
      assertEquals(4, new Housekeeping(cache, Clock.systemUTC()).run().await());
      assertEquals(List.of("printed-new", "queued-old"), ids("print_jobs", cache));
      assertEquals(List.of("pending-old"), ids("kitchen_events", cache));
      assertEquals(List.of("pend-old"), ids("txn_queue", cache));
      assertEquals(List.of("bumped-new", "open-old"), ids("kds_tickets", cache));
    } finally {
      store.close().await();
      cache.close().await();
      vertx.close().await();
    }
  }

  static List<String> ids(String table, LocalCache cache) {
    List<String> out = new java.util.ArrayList<>();
    cache.pool().query("SELECT id FROM " + table + " ORDER BY id").execute().await()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }
}
