package io.possync.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.Catalog;
import io.possync.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  static Vertx vertx;
  static PgConnectOptions options;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    options = TestPostgres.newDatabase("MigrationsTest");
  }

  @AfterAll
  static void tearDown() {
    vertx.close().await();
    TestPostgres.dropDatabase(options);
  }

  /** Migrations, trigger objects and the epoch, as a DBA would list them. */
  static String schemaState(CloudDatabase db) {
    Row r = db.pool().query("SELECT (SELECT string_agg(name || '@' || applied_at, ',' ORDER BY name) FROM schema_migrations), "
        + "(SELECT string_agg(t.oid::text || ':' || c.relname, ',' ORDER BY c.relname) FROM pg_trigger t "
        + "  JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'possync_capture'), "
        + "(SELECT value FROM possync_meta WHERE key = 'epoch')").execute().await().iterator().next();
    return r.getString(0) + " | " + r.getString(1) + " | " + r.getString(2);
  }

  @Test
  void aSecondStartChangesNothingAndAMissingTriggerIsRestored() {
    CloudDatabase first = CloudDatabase.open(vertx, options, 2).await();
    assertEquals(Migrations.FILES, first.appliedNow());
    String state = schemaState(first);
    assertTrue(state.contains("menu_items"), state);
    int triggers = Catalog.get().entities().size();
    assertEquals(triggers, state.split("\\|")[1].split(",").length, "one capture trigger per synced table");
    assertEquals(List.of(), SchemaCheck.run(first.pool(), Catalog.get()).await(), "tables agree with the catalog");
    String epoch = first.epoch();
    first.close().await();

    CloudDatabase second = CloudDatabase.open(vertx, options, 2).await();
    assertEquals(List.of(), second.appliedNow());
    assertEquals(state, schemaState(second), "migrations, triggers and epoch untouched");
    assertEquals(epoch, second.epoch());

    // A DBA dropped a trigger by hand: the next start puts it back.
    TestPostgres.exec(options, "DROP TRIGGER possync_capture ON tenders");
    second.close().await();
    CloudDatabase third = CloudDatabase.open(vertx, options, 2).await();
    assertTrue(schemaState(third).contains(":tenders"));
    third.close().await();
  }

  @Test
  void aTableThatDisagreesWithTheCatalogStopsTheStart() {
    PgConnectOptions o = TestPostgres.newDatabase("MigrationsTestDrift");
    CloudDatabase.open(vertx, o, 2).await().close().await();
    TestPostgres.exec(o, "ALTER TABLE menu_items ADD COLUMN calories integer");
    Throwable err = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> CloudDatabase.open(vertx, o, 2).await());
    assertTrue(err.getMessage().contains("menu_items.calories is in the table but not in the catalog"),
        err.getMessage());
    TestPostgres.dropDatabase(o);
  }
}
