package io.possync.cloud.pos;

import io.possync.core.auth.SessionStore;
import io.possync.core.auth.Sessions;
import io.possync.core.auth.SignInAttempts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sessions and sign-in attempts of one property in the cloud's PostgreSQL ({@code V009__pos_sessions.sql}), so
 * every cloud node sees them. A device's attempts are changed in one transaction that locks its row: the rule is
 * {@link SignInAttempts}, the same as on the host.
 */
public final class PgSessionStore implements SessionStore {

  private static final String ENSURE = """
      INSERT INTO pos_signin_attempts (property_id, device_id, state) VALUES ($1, $2, '{}'::jsonb)
      ON CONFLICT DO NOTHING""";

  private final Pool pool;
  private final UUID propertyId;

  public PgSessionStore(Pool pool, UUID propertyId) {
    this.pool = pool;
    this.propertyId = propertyId;
  }

  @Override
  public Future<Instant> begin(String deviceId, Instant now) {
    return step(deviceId, a -> a.begin(now));
  }

  @Override
  public Future<Instant> end(String deviceId, boolean ok, Instant now) {
    return step(deviceId, a -> a.end(ok, now));
  }

  private Future<Instant> step(String deviceId, Function<SignInAttempts, SignInAttempts.Step> f) {
    Tuple key = Tuple.of(propertyId, deviceId);
    return pool.withTransaction(conn -> conn.preparedQuery(ENSURE).execute(key)
        .compose(x -> conn.preparedQuery("SELECT state::text FROM pos_signin_attempts "
            + "WHERE property_id = $1 AND device_id = $2 FOR UPDATE").execute(key))
        .compose(rows -> {
          JsonObject state = new JsonObject(rows.iterator().next().getString(0));
          SignInAttempts.Step s = f.apply(state.isEmpty() ? SignInAttempts.NONE : SignInAttempts.fromJson(state));
          return conn.preparedQuery("UPDATE pos_signin_attempts SET state = $3::text::jsonb "
                  + "WHERE property_id = $1 AND device_id = $2")
              .execute(Tuple.of(propertyId, deviceId, s.next().toJson().encode()))
              .map(s.lockedUntil());
        }));
  }

  @Override
  public Future<Void> put(String tokenHash, Sessions.Session s) {
    return pool.preparedQuery("INSERT INTO pos_sessions (token_hash, property_id, employee_id, device_id, expires_at) "
            + "VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(tokenHash, propertyId, s.employeeId(), s.deviceId(), at(s.expiresAt()))).mapEmpty();
  }

  @Override
  public Future<Sessions.Session> get(String tokenHash) {
    return pool.preparedQuery("SELECT employee_id, device_id, expires_at FROM pos_sessions "
            + "WHERE token_hash = $1 AND property_id = $2")
        .execute(Tuple.of(tokenHash, propertyId))
        .map(rows -> rows.iterator().hasNext() ? session(rows.iterator().next()) : null);
  }

  @Override
  public Future<Void> remove(String tokenHash) {
    return pool.preparedQuery("DELETE FROM pos_sessions WHERE token_hash = $1 AND property_id = $2")
        .execute(Tuple.of(tokenHash, propertyId)).mapEmpty();
  }

  @Override
  public Future<List<Sessions.Session>> removeIf(Predicate<Sessions.Session> gone) {
    return pool.preparedQuery("SELECT token_hash, employee_id, device_id, expires_at FROM pos_sessions "
            + "WHERE property_id = $1").execute(Tuple.of(propertyId))
        .compose(rows -> {
          List<String> hashes = new ArrayList<>();
          List<Sessions.Session> out = new ArrayList<>();
          for (Row r : rows) {
            Sessions.Session s = new Sessions.Session(r.getString(1), r.getString(2),
                r.getOffsetDateTime(3).toInstant());
            if (gone.test(s)) {
              hashes.add(r.getString(0));
              out.add(s);
            }
          }
          return hashes.isEmpty() ? Future.succeededFuture(out)
              : pool.preparedQuery("DELETE FROM pos_sessions WHERE property_id = $1 AND token_hash = ANY($2)")
                  .execute(Tuple.of(propertyId).addArrayOfString(hashes.toArray(String[]::new))).map(out);
        });
  }

  /** Forgets sessions that ended before {@code now} (a timer calls it); how many. */
  public Future<Integer> pruneExpired(Instant now) {
    return pool.preparedQuery("DELETE FROM pos_sessions WHERE property_id = $1 AND expires_at < $2")
        .execute(Tuple.of(propertyId, at(now))).map(rows -> rows.rowCount());
  }

  private static Sessions.Session session(Row r) {
    return new Sessions.Session(r.getString(0), r.getString(1), r.getOffsetDateTime(2).toInstant());
  }

  private static OffsetDateTime at(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
