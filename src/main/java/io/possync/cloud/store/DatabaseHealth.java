package io.possync.cloud.store;

import io.possync.core.error.PossyncException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Whether the node's PostgreSQL answers, told from the failures requests meet. A failure is the database being
 * unavailable by its type only (never its message): a refused or timed-out connection, a closed connection, or a
 * PostgreSQL error of SQLSTATE class 08 (connection exception), 57P01-57P03 (the server is shutting down,
 * crashed, or not accepting connections yet) or 53300 (too many connections). This is the one place that tells;
 * the admin API and import pass such failures through unchanged so they land here. Such a failure is answered 503 {@code database_unavailable} with
 * {@code Retry-After}; the first one logs one WARN, and a probe then runs until the database answers again, which
 * logs one INFO.
 */
public final class DatabaseHealth {

  private static final Logger LOG = Logger.getLogger(DatabaseHealth.class.getName());

  /** What clients are told to wait, and how often the probe asks while the database is away. */
  public static final int RETRY_AFTER_SECONDS = 5;
  private static final long PROBE_MS = 1000;
  /** Shutting down, crashed, not accepting connections yet; too many connections. */
  private static final Set<String> AWAY = Set.of("57P01", "57P02", "57P03", "53300");

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicBoolean down = new AtomicBoolean();

  public DatabaseHealth(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** True when the failure (or one of its causes) says the database cannot be reached right now. */
  public static boolean unreachable(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException
          || t instanceof ClosedChannelException) {
        return true;
      }
      if (t instanceof PgException p && p.getSqlState() != null
          && (p.getSqlState().startsWith("08") || AWAY.contains(p.getSqlState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The domain failure a client is told for {@code err}: {@code database_unavailable} when the database cannot be
   * reached (noting that it went away), or null when {@code err} is something else.
   */
  public PossyncException translate(Throwable err) {
    if (!unreachable(err)) {
      return null;
    }
    if (down.compareAndSet(false, true)) {
      LOG.warning("the database does not answer (" + err.getClass().getSimpleName() + "): sync and admin requests "
          + "answer 503 database_unavailable until it is back; check that PostgreSQL is running and reachable");
      probeLater();
    }
    return PossyncException.unavailable("the database is unavailable; retry later", RETRY_AFTER_SECONDS);
  }

  private void probeLater() {
    try {
      vertx.setTimer(PROBE_MS, id -> pool.query("SELECT 1").execute().onComplete(ar -> {
        if (ar.succeeded()) {
          down.set(false);
          LOG.info("the database answers again; sync and admin requests are served");
        } else {
          probeLater();
        }
      }));
    } catch (RuntimeException closing) {
      // The node is shutting down: nobody is left to tell.
    }
  }
}
