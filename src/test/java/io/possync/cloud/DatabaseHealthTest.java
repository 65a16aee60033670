package io.possync.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.possync.cloud.store.DatabaseHealth;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Which failures mean "the database is away": told by type and SQLSTATE, never by message. A table. */
class DatabaseHealthTest {

  record Case(String name, Throwable failure, boolean unreachable) {
  }

  static PgException pg(String sqlState) {
    return new PgException("message", "FATAL", sqlState, null);
  }

  @TestFactory
  Stream<DynamicTest> unreachable() {
    return Stream.of(
        new Case("a refused connection", new ConnectException("Connection refused"), true),
        new Case("a closed connection", ClosedConnectionException.INSTANCE, true),
        new Case("a refused connection wrapped in another failure",
            new IllegalStateException("pool", new ConnectException("x")), true),
        new Case("a connection failure (SQLSTATE class 08)", pg("08006"), true),
        new Case("the server shutting down (57P01)", pg("57P01"), true),
        new Case("the server crashing (57P02)", pg("57P02"), true),
        new Case("the server starting up (57P03)", pg("57P03"), true),
        new Case("too many connections (53300)", pg("53300"), true),
        new Case("a constraint violation is no outage", pg("23505"), false),
        new Case("a cancelled query (57014) is no outage", pg("57014"), false),
        new Case("a message that merely says so is no outage", new RuntimeException("Connection refused"), false),
        new Case("no failure is no outage", null, false)
    ).map(c -> DynamicTest.dynamicTest(c.name, () -> assertEquals(c.unreachable,
        DatabaseHealth.unreachable(c.failure), c.name)));
  }
}
