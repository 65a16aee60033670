package io.possync.cloud.pos;

import io.possync.core.caps.AuditEntry;
import io.possync.core.caps.Check;
import io.possync.core.caps.CheckMerge;
import io.possync.core.caps.CheckStore;
import io.possync.core.wire.CheckExchange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cloud's side of a check exchange ({@link CheckExchange}): each check the host sent is merged with the cloud's
 * state by {@link CheckMerge} in a transaction of its own that holds the check's row, and what stays is stored with
 * the audit entry of what it overwrote, posted again when it is closed (a check is posted once: one row per check id,
 * following its latest state). Then the checks changed on the cloud that the host has not agreed to, and the kitchen
 * events the host has not taken, are read for the answer.
 */
public final class CheckMerger {

  private static final String LOCK = "SELECT payload::text, updated_at, host_revision FROM pos_checks "
      + "WHERE property_id = $1 AND id = $2 FOR UPDATE";
  /** A merged state the host has not confirmed yet: it stays among the changes it is sent until it does. */
  private static final String UNCONFIRMED = "UPDATE pos_checks SET host_revision = $3 "
      + "WHERE property_id = $1 AND id = $2";
  private static final String AGREE = "UPDATE pos_checks SET host_revision = revision "
      + "WHERE property_id = $1 AND id = $2 AND host_revision IS DISTINCT FROM revision";
  private static final String CHANGED = "SELECT payload::text, updated_at FROM pos_checks "
      + "WHERE property_id = $1 AND host_revision IS DISTINCT FROM revision AND NOT (id = ANY($2)) "
      + "ORDER BY updated_at LIMIT " + CheckExchange.MAX_ANSWERED;
  // the host's range per recent business date; the unique (property, business date, number) index answers it
  private static final String NUMBERS = "SELECT business_date::text, max(number) FROM pos_checks "
      + "WHERE property_id = $1 AND number < " + PgCheckStore.CLOUD_FIRST_NUMBER
      + " AND business_date >= current_date - 2 GROUP BY business_date";


  private final Pool pool;
  private final Clock clock;
  private final java.util.Map<String, io.micrometer.core.instrument.Counter> counters =
      new java.util.concurrent.ConcurrentHashMap<>();

  private void counted(String outcome) {
    counters.computeIfAbsent(outcome, k -> io.micrometer.core.instrument.Counter.builder(
            io.possync.core.metrics.Metrics.CHECKS_MERGED).tag("outcome", k)
        .register(io.possync.core.metrics.Metrics.registry())).increment();
  }

  public CheckMerger(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<CheckExchange.Answer> exchange(UUID property, CheckExchange request) {
    PgCheckStore store = new PgCheckStore(pool, property, PgCheckStore.CLOUD_FIRST_NUMBER);
    List<CheckExchange.Merged> merged = new ArrayList<>();
    // One transaction for the whole exchange (one commit, not one a check), each check behind a savepoint so one the
    // cloud refuses is rolled back alone. Checks are locked in the order sent; a host runs one exchange at a time.
    Future<Void> all = request.checks().isEmpty() ? Future.succeededFuture() : pool.withTransaction(conn -> {
      Future<Void> chain = Future.succeededFuture();
      for (CheckExchange.Sent s : request.checks()) {
        chain = chain.compose(v -> savepoint(conn, () -> mergeOne(conn, store, property, s))
            // the same new check inserted meanwhile (the host timed out and asked again): merge over it
            .recover(err -> err instanceof CheckStore.StaleRevisionException
                ? savepoint(conn, () -> mergeOne(conn, store, property, s)) : Future.failedFuture(err))
            .recover(err -> refusal(s, err)).map(m -> {
              merged.add(m);
              return null;
            }));
      }
      return chain;
    });
    String[] sentIds = request.checks().stream().map(s -> s.state().check().id()).toArray(String[]::new);
    return all
        .compose(v -> store.kitchenDone(request.kitchenTaken()))
        .compose(v -> pool.preparedQuery(CHANGED).execute(Tuple.of(property).addArrayOfString(sentIds)))
        .compose(rows -> {
          List<CheckExchange.Merged> changed = new ArrayList<>();
          rows.forEach(r -> changed.add(new CheckExchange.Merged(state(r), List.of())));
          return store.kitchenPending(CheckExchange.MAX_ANSWERED).compose(kitchen -> pool.preparedQuery(NUMBERS)
              .execute(Tuple.of(property)).map(numbers -> {
                java.util.Map<String, Integer> last = new java.util.HashMap<>();
                numbers.forEach(r -> last.put(r.getString(0), r.getInteger(1)));
                return new CheckExchange.Answer(merged, changed, kitchen, last);
              }));
        });
  }

  /**
   * A check the cloud cannot take is answered as refused, alone: its number is another check's at the property (a
   * host whose cache was lost numbered from 1 again), or its id is another property's. Anything else (the database
   * down) fails the exchange.
   */
  private Future<CheckExchange.Merged> refusal(CheckExchange.Sent s, Throwable err) {
    String why = null;
    if (err instanceof CheckStore.NumberTakenException taken) {
      why = taken.getMessage();
    } else if (err instanceof io.possync.core.error.PossyncException p
        && p.code() == io.possync.core.error.ErrorCode.CONFLICT) {
      why = p.getMessage();
    }
    if (why == null) {
      return Future.failedFuture(err);
    }
    counted("refused");
    return Future.succeededFuture(new CheckExchange.Merged(s.state(), List.of(), why));
  }



  /** Runs {@code work} behind a savepoint: when it fails, what it did is rolled back and the transaction goes on. */
  private static <T> Future<T> savepoint(SqlConnection conn, java.util.function.Supplier<Future<T>> work) {
    return conn.query("SAVEPOINT merge_one").execute().compose(x -> work.get())
        .compose(r -> conn.query("RELEASE SAVEPOINT merge_one").execute().map(r),
            err -> conn.query("ROLLBACK TO SAVEPOINT merge_one").execute().transform(ar -> Future.failedFuture(err)));
  }

  private static CheckMerge.State state(Row r) {
    return new CheckMerge.State(Check.fromJson(new JsonObject(r.getString(0))), r.getOffsetDateTime(1).toInstant());
  }

  private Future<CheckExchange.Merged> mergeOne(SqlConnection conn, PgCheckStore store, UUID property,
                                                CheckExchange.Sent sent) {
    String id = sent.state().check().id();
    return conn.preparedQuery(LOCK).execute(Tuple.of(property, id)).compose(rows -> {
      Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
      CheckMerge.State cloud = row == null ? null : state(row);
      Integer confirmed = row == null ? null : row.getInteger(2);
      // The host may have died after the cloud stored a state it sent and before it recorded that: the revision the
      // cloud knows the host had is as good a base as the one the host remembers.
      int base = Math.max(sent.base(), confirmed == null ? 0 : confirmed);
      CheckMerge.Outcome o = CheckMerge.merge(sent.state(), base, cloud);
      conn.transaction().completion().onSuccess(v -> counted(o.kind().name().toLowerCase(java.util.Locale.ROOT)));
      return switch (o.kind()) {
        case NEW -> store.commit(conn, CheckStore.Write.merged(o.result(), 0, List.of()))
            .map(c -> new CheckExchange.Merged(o.result(), List.of()));
        case SAME -> conn.preparedQuery(AGREE).execute(Tuple.of(property, id))
            .map(x -> new CheckExchange.Merged(o.result(), List.of()));
        // the host takes the cloud's state and confirms it by sending it back
        case CLOUD_CONTINUED -> Future.succeededFuture(new CheckExchange.Merged(o.result(), List.of()));
        case HOST_CONTINUED -> store.commit(conn, CheckStore.Write.merged(o.result(), cloud.check().revision(),
                List.of()))
            .map(c -> new CheckExchange.Merged(o.result(), List.of()));
        case SPLIT -> {
          CheckMerge.State lost = o.overwritten();
          String side = lost == cloud ? AuditEntry.CLOUD : AuditEntry.HOST;
          AuditEntry entry = new AuditEntry(CheckMerge.auditId(side, lost), id, clock.instant(), side,
              o.result().check().revision(), lost.check(), lost.changedAt());
          yield store.commit(conn, CheckStore.Write.merged(o.result(), cloud.check().revision(), List.of(entry)))
              .compose(c -> conn.preparedQuery(UNCONFIRMED).execute(Tuple.of(property, id, confirmed)))
              .map(c -> new CheckExchange.Merged(o.result(), List.of(entry)));
        }
      };
    });
  }
}
