package io.possync.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.ValidationException;
import io.possync.support.TestStore;
import io.possync.testdata.PropertyGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImportExportTest {

  static final Catalog CATALOG = Catalog.get();
  static TestStore store;
  static TestStore other;
  static PropertyImport importer = new PropertyImport(CATALOG);
  static SnapshotQuery snapshots = new SnapshotQuery(CATALOG);

  @BeforeAll
  static void setUp() {
    store = TestStore.create(ImportExportTest.class);
    other = TestStore.create(ImportExportTest.class);
  }

  @AfterAll
  static void tearDown() {
    store.close();
    other.close();
  }

  static JsonObject file(String name) {
    return new PropertyGenerator(name, new PropertyGenerator.Size(60, 30, 8, 90, 10, 4, 4)).generate();
  }

  static JsonObject export(TestStore s, UUID property) {
    JsonObject json = snapshots.read(s.pool(), property).await().orElseThrow().toJson(CATALOG, Instant.now());
    json.remove("timestamp");
    json.remove("epoch");
    return json;
  }

  /** A summary of what the database holds, to show that a rejected import changed nothing. */
  static String fingerprint(TestStore s) {
    StringBuilder sb = new StringBuilder();
    for (EntityType e : CATALOG.entities()) {
      Row r = s.pool().query("SELECT count(*), coalesce(sum(hashtext(t::text)), 0) FROM " + e.table() + " t")
          .execute().await().iterator().next();
      sb.append(e.table()).append('=').append(r.getLong(0)).append('/').append(r.getLong(1)).append(' ');
    }
    Row r = s.pool().query("SELECT (SELECT count(*) FROM config_versions), "
        + "(SELECT coalesce(string_agg(property_id || ':' || version, ',' ORDER BY property_id), '') FROM property_versions)")
        .execute().await().iterator().next();
    return sb.append("log=").append(r.getLong(0)).append(" versions=").append(r.getString(1)).toString();
  }

  @Test
  void importOfAnExportReproducesItExactly() {
    JsonObject source = file("Round Trip Tavern");
    PropertyImport.Result first = importer.run(store.pool(), source, null).await();
    assertEquals(1, first.version());
    JsonObject exported = export(store, first.propertyId());
    assertEquals(first.version(), exported.getInteger("version"));
    for (EntityType e : CATALOG.entities()) {
      assertTrue(exported.containsKey(e.key()), "export holds " + e.key());
    }
    assertFalse(exported.getJsonArray("serviceHosts").getJsonObject(0).containsKey("authToken"));

    // Into a fresh database: the same rows, field for field.
    PropertyImport.Result copy = importer.run(other.pool(), snapshots.read(store.pool(), first.propertyId()).await()
        .orElseThrow().toJson(CATALOG, Instant.now()), null).await();
    assertEquals(exported, export(other, copy.propertyId()));

    // Importing the same file again changes nothing: no new version.
    assertEquals(first.version(), importer.run(store.pool(), source, null).await().version());
    assertEquals(exported, export(store, first.propertyId()));
  }

  @Test
  void aFileReplacesTheRowsOfTheEntitiesItLists() {
    JsonObject source = file("Replace Grill");
    UUID property = importer.run(store.pool(), source, null).await().propertyId();
    JsonObject edited = source.copy();
    JsonArray items = edited.getJsonArray("menuItems");
    String removed = items.getJsonObject(items.size() - 1).getString("id");
    // Drop the last item and its modifier group links; reprice the first; leave the employees out entirely.
    items.remove(items.size() - 1);
    JsonArray links = new JsonArray();
    for (Object o : edited.getJsonArray("menuItemModifierGroups")) {
      if (!((JsonObject) o).getString("menuItemId").equals(removed)) {
        links.add(o);
      }
    }
    edited.put("menuItemModifierGroups", links);
    items.getJsonObject(0).put("priceCents", 1234);
    edited.remove("employees");
    int employeesBefore = export(store, property).getJsonArray("employees").size();

    PropertyImport.Result r = importer.run(store.pool(), edited, null).await();
    assertEquals(2, r.version(), "one import, one version");
    UUID registered = new ServiceHostRegistry().register(store.pool(), property, "Registered later").await()
        .serviceHostId();
    importer.run(store.pool(), edited, null).await();
    assertEquals(1L, store.pool().query("SELECT count(*) FROM service_hosts WHERE id = '" + registered + "'").execute()
        .await().iterator().next().getLong(0), "a registered host is not deleted by an import that lacks it");
    JsonObject now = export(store, property);
    assertEquals(items.size(), now.getJsonArray("menuItems").size());
    assertTrue(now.getJsonArray("menuItems").stream().noneMatch(o -> ((JsonObject) o).getString("id").equals(removed)));
    assertEquals(employeesBefore, now.getJsonArray("employees").size(), "an absent key is left alone");
    long deletes = store.pool().query("SELECT count(*) FROM config_versions WHERE property_id = '" + property
        + "' AND version = 2 AND operation = 'DELETE' AND entity_type = 'menu_items'").execute().await()
        .iterator().next().getLong(0);
    assertEquals(1, deletes);
  }

  @Test
  void aBadFileIsRejectedNamingEntityAndFieldAndChangesNothing() {
    JsonObject source = file("Strict Kitchen");
    importer.run(store.pool(), source, null).await();
    String before = fingerprint(store);

    JsonObject wrongType = source.copy();
    wrongType.getJsonArray("menuItems").getJsonObject(7).put("priceCents", "twelve");
    wrongType.getJsonArray("menuItems").getJsonObject(2).put("name", "Changed before the bad row");
    ValidationException e = assertThrows(ValidationException.class,
        () -> importer.run(store.pool(), wrongType, null).await());
    assertTrue(e.getMessage().contains("menuItems[7]") && e.getMessage().contains("priceCents"), e.getMessage());

    JsonObject dangling = source.copy();
    dangling.getJsonArray("menuItems").getJsonObject(3).put("taxGroupId", UUID.randomUUID().toString());
    e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), dangling, null).await());
    assertTrue(e.getMessage().contains("menuItems[3]") && e.getMessage().contains("taxGroupId"), e.getMessage());

    JsonObject unknown = source.copy();
    unknown.getJsonArray("employees").getJsonObject(0).put("pin", "1234");
    e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), unknown, null).await());
    assertTrue(e.getMessage().contains("employees[0]") && e.getMessage().contains("\"pin\""), e.getMessage());

    JsonObject clearPin = source.copy();
    clearPin.getJsonArray("employees").getJsonObject(1).put("pinHash", "1234");
    e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), clearPin, null).await());
    assertTrue(e.getMessage().contains("pinHash") && e.getMessage().contains("bcrypt"), e.getMessage());

    JsonObject missing = source.copy();
    missing.getJsonArray("printers").getJsonObject(0).remove("host");
    e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), missing, null).await());
    assertTrue(e.getMessage().contains("printers[0]") && e.getMessage().contains("host"), e.getMessage());

    // Passes the file's own checks, refused by the database (an enterprise that exists nowhere): rolled back whole.
    JsonObject orphan = source.copy();
    orphan.remove("enterprise");
    orphan.getJsonObject("property").put("enterpriseId", UUID.randomUUID().toString());
    orphan.remove("giftCards");
    orphan.remove("loyaltyPrograms");
    orphan.remove("loyaltyEnrollments");
    orphan.getJsonArray("menuItems").getJsonObject(0).put("priceCents", 1);
    e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), orphan, null).await());
    assertTrue(e.getMessage().contains("enterpriseId"), e.getMessage());

    assertEquals(before, fingerprint(store));
  }

  @Test
  void rowsOfAnotherPropertyAreRefused() {
    JsonObject a = file("Owner One");
    importer.run(store.pool(), a, null).await();
    JsonObject b = file("Owner Two");
    // b claims one of a's tenders as its own
    b.getJsonArray("tenders").getJsonObject(0).put("id", a.getJsonArray("tenders").getJsonObject(0).getString("id"));
    String before = fingerprint(store);
    ValidationException e = assertThrows(ValidationException.class, () -> importer.run(store.pool(), b, null).await());
    assertTrue(e.getMessage().contains("another property"), e.getMessage());
    assertEquals(before, fingerprint(store));
  }
}
