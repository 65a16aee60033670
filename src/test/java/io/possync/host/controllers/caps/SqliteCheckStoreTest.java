package io.possync.host.controllers.caps;

import io.possync.core.caps.CheckStore;
import io.possync.core.caps.CheckStoreTestBase;
import io.possync.host.cache.LocalCache;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The check store behaviour suite on the host's SQLite file. */
class SqliteCheckStoreTest extends CheckStoreTestBase {

  Vertx vertx;
  Path file;
  LocalCache cache;
  CheckStore store;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    file = Files.createTempDirectory("possync-checks").resolve("cache.db");
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close().await();
    }
    if (cache != null) {
      cache.close().await();
    }
    vertx.close().await();
  }

  @Override
  protected CheckStore store() {
    cache = LocalCache.open(vertx, file, "token-of-the-test").await();
    store = SqliteCheckStore.open(vertx, cache, Clock.systemUTC(), 1).await();
    return store;
  }

  @Override
  protected CheckStore reopen() {
    store.close().await();
    cache.close().await();
    return store();
  }

  @Override
  protected List<String> posted() {
    List<String> ids = new ArrayList<>();
    cache.pool().query("SELECT id FROM txn_queue ORDER BY created_at").execute().await().forEach(r -> ids.add(r.getString(0)));
    return ids;
  }

  @org.junit.jupiter.api.Test
  void aCheckIsUnmergedFromItsWriteUntilTheCloudAgreesOnThatRevision() throws Exception {
    SqliteCheckStore s = (SqliteCheckStore) store();
    io.possync.core.caps.Check a = s.commit(new io.possync.core.caps.CheckStore.Write(
        io.possync.core.caps.CheckStoreTestBase.openForTest(), 0, null, false)).await();
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(a.id()),
        s.unmirrored(10).await().stream().map(u -> u.state().check().id()).toList());
    org.junit.jupiter.api.Assertions.assertEquals(0, s.unmirrored(10).await().get(0).agreed(), "never agreed");
    s.agreed(java.util.Map.of(a.id(), a.revision() - 1), true).await();
    org.junit.jupiter.api.Assertions.assertEquals(1, s.unmirroredCount().await(), "an older revision agreed: still due");
    s.agreed(java.util.Map.of(a.id(), a.revision()), false).await();
    org.junit.jupiter.api.Assertions.assertEquals(1, s.unmirroredCount().await(),
        "taken from the cloud: still to be sent back to confirm it");
    s.agreed(java.util.Map.of(a.id(), a.revision()), true).await();
    org.junit.jupiter.api.Assertions.assertEquals(0, s.unmirroredCount().await());
    io.possync.core.caps.Check b = s.commit(new io.possync.core.caps.CheckStore.Write(a.change().done(), a.revision(),
        null, false)).await();
    java.util.List<SqliteCheckStore.Unmirrored> due = s.unmirrored(10).await();
    org.junit.jupiter.api.Assertions.assertEquals(b.revision(), due.get(0).state().check().revision());
    org.junit.jupiter.api.Assertions.assertEquals(a.revision(), due.get(0).agreed(), "sent with what was agreed");
    s.close().await();
    store = SqliteCheckStore.open(vertx, cache, Clock.systemUTC(), 1).await();
    org.junit.jupiter.api.Assertions.assertEquals(1, ((SqliteCheckStore) store).unmirroredCount().await(),
        "kept across a restart");
    ((SqliteCheckStore) store).setAside(b.id()).await();
    org.junit.jupiter.api.Assertions.assertEquals(0, ((SqliteCheckStore) store).unmirroredCount().await(),
        "a check the cloud refused is set aside");
  }
}
