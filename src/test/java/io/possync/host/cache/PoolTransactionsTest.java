package io.possync.host.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache pool's transactions behave as JDBC says, whatever vertx-jdbc-client does after a commit
 * ({@link AutoCommitRestoring}): a statement outside a transaction is committed when it returns (visible to the
 * file's other connection), and a transaction that fails leaves nothing behind.
 */
class PoolTransactionsTest {

  final Vertx vertx = Vertx.vertx();
  Path file;
  LocalCache cache;

  @AfterEach
  void tearDown() {
    cache.close().await();
    vertx.close().await();
  }

  long countFromAnotherConnection() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT count(*) FROM txn_queue")) {
      r.next();
      return r.getLong(1);
    }
  }

  void insert(String id) {
    cache.pool().preparedQuery("INSERT INTO txn_queue (id, created_at, status, payload) VALUES (?, 'now', 'pending', "
        + "x'00')").execute(io.vertx.sqlclient.Tuple.of(id)).await();
  }

  @Test
  void aStatementAfterATransactionIsCommittedWhenItReturns() throws Exception {
    file = Files.createTempDirectory("possync-pool").resolve("cache.db");
    cache = LocalCache.open(vertx, file, "t").await(); // opening ran a transaction (the key)
    cache.pool().withTransaction(conn -> conn.query("SELECT 1").execute()).await();
    insert("after-a-transaction");
    assertEquals(1, countFromAnotherConnection(), "visible to the file's other connection at once");
  }

  @Test
  void aFailedTransactionLeavesNothing() throws Exception {
    file = Files.createTempDirectory("possync-pool").resolve("cache.db");
    cache = LocalCache.open(vertx, file, "t").await();
    cache.pool().withTransaction(conn -> conn.query("SELECT 1").execute()).await();
    assertThrows(Exception.class, () -> cache.pool().withTransaction(conn -> conn.preparedQuery(
            "INSERT INTO txn_queue (id, created_at, status, payload) VALUES ('half', 'now', 'pending', x'00')")
        .execute().compose(v -> Future.failedFuture(new IllegalStateException("fails after a write")))).await());
    assertEquals(0, countFromAnotherConnection(), "rolled back");
    insert("next");
    assertEquals(1, countFromAnotherConnection());
  }
}
