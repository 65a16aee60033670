package io.possync.cloud.store;

import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Scope;
import io.possync.core.error.PossyncException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Helpers for writers of configuration, around the capture triggers (V002__change_capture.sql,
 * V004__capture_from_catalog.sql): the lock order every writer keeps, and the transaction runner that retries a
 * transaction PostgreSQL chose as a deadlock or serialization victim.
 */
public final class ChangeLog {

  /** How far a write reaches: the properties whose version counters its rows' changes move. */
  public enum Reach {
    /** Rows of one property (and the property row itself). */
    PROPERTY,
    /** Rows shared by the enterprise: every property of it. */
    ENTERPRISE,
    /** Global rows: every property. */
    ALL;

    /** The widest reach among these entity types (an enterprise root reaches its enterprise). */
    public static Reach of(Collection<EntityType> types) {
      Reach r = PROPERTY;
      for (EntityType e : types) {
        Reach one = e.scope() == Scope.GLOBAL ? ALL : e.scope() == Scope.ENTERPRISE ? ENTERPRISE : PROPERTY;
        if (one.ordinal() > r.ordinal()) {
          r = one;
        }
      }
      return r;
    }
  }

  /** SQLSTATEs of a transaction PostgreSQL aborted to break a deadlock or a serialization conflict. */
  private static final Set<String> RETRYABLE = Set.of("40P01", "40001");
  private static final int ATTEMPTS = 3;

  /**
   * The version counters a write can reach, locked in property id order: {@code $1} the property written through,
   * {@code $2} its enterprise's too, {@code $3} another enterprise whose properties it reaches too (an import naming
   * a new enterprise; may be null), {@code $4} every property. The table names are the capture trigger's.
   */
  private static final String LOCK_REACH = "SELECT pv.property_id FROM property_versions pv JOIN properties p "
      + "ON p.id = pv.property_id WHERE p.id = $1 OR $4 OR ($2 AND (p.enterprise_id = $3 OR p.enterprise_id = "
      + "(SELECT enterprise_id FROM properties WHERE id = $1))) ORDER BY pv.property_id FOR UPDATE OF pv";

  private ChangeLog() {
  }

  /**
   * Takes, at the start of a write transaction and before any row lock, every version counter lock the write's
   * changes can take, in property id order: the order the capture trigger takes them in. Two writers then queue on
   * the first counter they share instead of each holding one the other needs (a deadlock). {@code reach} says which:
   * the property's counter, its enterprise's properties' ({@code enterpriseId}: one more enterprise, or null), or
   * every property's. A property that does not exist yet locks nothing.
   */
  public static Future<Void> lockReach(SqlConnection conn, UUID propertyId, Reach reach, UUID enterpriseId) {
    return conn.preparedQuery(LOCK_REACH).execute(Tuple.of(propertyId, reach != Reach.PROPERTY, enterpriseId,
        reach == Reach.ALL)).mapEmpty();
  }

  /**
   * Runs {@code work} in a transaction, again (up to {@value #ATTEMPTS} times in all) when PostgreSQL aborts it as a
   * deadlock or serialization victim; after that the caller is told {@code busy} with a retry-after.
   */
  public static <T> Future<T> inTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return attempt(pool, work, 1);
  }

  private static <T> Future<T> attempt(Pool pool, Function<SqlConnection, Future<T>> work, int n) {
    return pool.withTransaction(work).recover(err -> {
      if (!retryable(err)) {
        return Future.failedFuture(err);
      }
      return n < ATTEMPTS ? attempt(pool, work, n + 1)
          : Future.failedFuture(PossyncException.busy("concurrent writes of the same rows; retry shortly",
              DatabaseHealth.RETRY_AFTER_SECONDS));
    });
  }

  /** True when PostgreSQL aborted the transaction to break a deadlock or a serialization conflict. */
  public static boolean retryable(Throwable err) {
    return err instanceof PgException pg && pg.getSqlState() != null && RETRYABLE.contains(pg.getSqlState());
  }
}
