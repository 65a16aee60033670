package io.possync.host.controllers;

import io.possync.host.cache.LocalCache;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the cache file from growing without end: what is finished and old goes. Printed jobs, handled kitchen
 * events and uploaded transactions after {@link #KEEP} (a week: enough to answer "did table 12's chit print on
 * Tuesday?"), bumped KDS tickets after {@link #KEEP_BUMPED} (recall reaches back that far). Nothing waiting is ever
 * removed: queued jobs, pending events and transactions, open tickets stay until they are done.
 */
public final class Housekeeping {

  public static final Duration KEEP = Duration.ofDays(7);
  public static final Duration KEEP_BUMPED = Duration.ofDays(1);

  /** Table, the column that says when a row was finished, and the status a finished row has. */
  private record Rule(String table, String finishedAt, String status, Duration keep) {
  }

  private static final List<Rule> RULES = List.of(
      new Rule("print_jobs", "printed_at", "printed", KEEP),
      new Rule("kitchen_events", "created_at", "done", KEEP),
      new Rule("txn_queue", "created_at", "uploaded", KEEP),
      new Rule("kds_tickets", "bumped_at", "bumped", KEEP_BUMPED));

  private final LocalCache cache;
  private final Clock clock;

  public Housekeeping(LocalCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  /** Removes finished rows past their time; the number removed. */
  public Future<Integer> run() {
    Instant now = clock.instant();
    Future<Integer> f = Future.succeededFuture(0);
    for (Rule r : RULES) {
      // timestamps are Instant.toString() text: ordered as text to the second, which is all a week needs
      f = f.compose(n -> cache.pool().preparedQuery("DELETE FROM " + r.table() + " WHERE status = ? AND "
              + r.finishedAt() + " < ?").execute(Tuple.of(r.status(), now.minus(r.keep()).toString()))
          .map(rows -> n + rows.rowCount()));
    }
    return f;
  }
}
