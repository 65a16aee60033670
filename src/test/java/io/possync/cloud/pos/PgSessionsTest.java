package io.possync.cloud.pos;

import io.possync.cloud.store.CloudDatabase;
import io.possync.core.auth.SessionStore;
import io.possync.core.auth.SessionsTestBase;
import io.possync.support.MutableClock;
import io.possync.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The session behaviour suite on the cloud's PostgreSQL: each test a fresh property row, so what one test's device
 * failed does not lock the next test's.
 */
class PgSessionsTest extends SessionsTestBase {

  static Vertx vertx;
  static PgConnectOptions options;
  static CloudDatabase db;

  @BeforeAll
  static void startDatabase() {
    vertx = Vertx.vertx();
    options = TestPostgres.newDatabase(PgSessionsTest.class.getSimpleName());
    db = CloudDatabase.open(vertx, options, 4).await();
    property = PgCheckStoreTest.importProperty(db);
  }

  static UUID property;

  @Override
  protected String propertyId() {
    return property.toString();
  }

  @AfterAll
  static void dropDatabase() {
    db.close().await();
    vertx.close().await();
    TestPostgres.dropDatabase(options);
  }

  @Override
  protected SessionStore newStore(MutableClock clock) {
    // emptied of what an earlier test left (its device's failures would lock this one's)
    db.pool().preparedQuery("DELETE FROM pos_sessions WHERE property_id = $1").execute(Tuple.of(property))
        .compose(x -> db.pool().preparedQuery("DELETE FROM pos_signin_attempts WHERE property_id = $1")
            .execute(Tuple.of(property))).await();
    return new PgSessionStore(db.pool(), property);
  }
}
