package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Names;
import io.possync.core.catalog.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CatalogTest {

  final Catalog catalog = Catalog.get();

  @Test
  void holdsEverySyncedEntityOfTheSeedUnderItsPayloadKey() {
    // The seed's FullSyncPayload keys (tiers 1 to 6) and DESIGN.md's additions (schedules, shifts).
    List<String> keys = List.of("enterprise", "property", "revenueCenters", "employees", "roles", "privileges",
        "jobCodes", "slus", "menuItems", "modifierGroups", "modifiers", "modifierGroupModifiers",
        "menuItemModifierGroups", "taxGroups", "tenders", "discounts", "serviceCharges", "workstations", "printers",
        "kdsDevices", "printClasses", "orderDevices", "printClassRouting", "orderDevicePrinters", "orderDeviceKds",
        "serviceHosts", "workstationServiceBindings", "giftCards", "loyaltyPrograms", "loyaltyEnrollments",
        "schedules", "shifts", "deviceSigningKeys");
    Set<String> actual = new HashSet<>();
    catalog.entities().forEach(e -> actual.add(e.key()));
    assertEquals(new HashSet<>(keys), actual);
    assertEquals("loyalty_members", catalog.byKey("loyaltyEnrollments").orElseThrow().table());
    assertEquals("rvcs", catalog.byKey("revenueCenters").orElseThrow().table());
    assertTrue(catalog.byTable("service_host_metrics").isEmpty(), "metrics flow up only");
  }

  @Test
  void scopesSecretsAndFlagsFollowTheDesign() {
    assertEquals(Scope.GLOBAL, catalog.table("privileges").scope());
    for (String t : List.of("enterprises", "loyalty_programs", "loyalty_members", "gift_cards")) {
      assertEquals(Scope.ENTERPRISE, catalog.table(t).scope(), t);
    }
    assertEquals(List.of("auth_token"), catalog.table("service_hosts").secretColumns());
    assertEquals(List.of("private_key"), catalog.table("device_signing_keys").secretColumns());
    for (EntityType e : catalog.entities()) {
      if (!e.table().equals("service_hosts") && !e.table().equals("device_signing_keys")) {
        assertEquals(List.of(), e.secretColumns(), e.table());
      }
      if (e.tier() == 6) {
        assertTrue(e.featureFlag() != null, e.table() + " is behind a feature flag");
        assertEquals(Column.class, catalog.table("properties").column(e.featureFlag()).getClass());
      }
    }
    assertEquals("bcrypt", catalog.table("employees").column("pin_hash").format());
    assertEquals("deactivate", catalog.table("employees").urgent());
    assertEquals("always", catalog.table("roles").urgent());
  }

  @Test
  void everyReferenceComesEarlierSoInsertsRunForwardAndDeletesBackward() {
    Set<String> seen = new HashSet<>();
    for (EntityType e : catalog.entities()) {
      for (Column c : e.columns()) {
        if (c.ref() != null && !c.ref().equals(e.table())) {
          assertTrue(seen.contains(c.ref()), e.table() + "." + c.name() + " -> " + c.ref());
        }
      }
      seen.add(e.table());
    }
  }

  @Test
  void payloadFieldsAreCamelCaseOfTheColumns() {
    assertEquals("priceCents", catalog.table("menu_items").column("price_cents").field());
    assertEquals("last4", Names.camel("last4"));
    for (EntityType e : catalog.entities()) {
      for (Column c : e.columns()) {
        assertEquals(c.name(), Names.snake(c.field()));
        assertFalse(c.field().contains("_"));
      }
    }
  }

  @Test
  void whatTheCodeReliesOnIsStatedInTheCatalog() {
    assertEquals("properties", catalog.propertyRoot().table());
    assertEquals("id", catalog.propertyRoot().propertyColumn());
    assertEquals("enterprises", catalog.enterpriseRoot().orElseThrow().table());
    assertEquals(List.of("enterprise_id", "feature_gift_cards", "feature_loyalty", "feature_scheduling"),
        catalog.fullSyncColumns());
    assertEquals("active", catalog.table("employees").activeColumn());
    Set<String> upsertOnly = new HashSet<>();
    catalog.entities().stream().filter(EntityType::upsertOnImport).forEach(e -> upsertOnly.add(e.table()));
    assertEquals(Set.of("enterprises", "properties", "privileges", "service_hosts", "gift_cards", "loyalty_programs",
        "loyalty_members", "device_signing_keys"), upsertOnly);
  }

  static JsonObject shipped() throws Exception {
    try (InputStream in = Catalog.class.getResourceAsStream("/catalog.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static JsonObject entity(JsonObject catalog, String table) {
    return catalog.getJsonArray("entities").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("table").equals(table)).findFirst().orElseThrow();
  }

  /** A catalog the code could not stand on is refused when it loads, naming the entity and the attribute. */
  @Test
  void aCatalogThatBreaksWhatTheCodeReliesOnIsRefused() throws Exception {
    record Case(String table, String attribute, Consumer<JsonObject> breakIt) {
    }
    List<Case> cases = List.of(
        new Case("catalog", "root", c -> entity(c, "properties").remove("root")),
        new Case("rvcs", "root", c -> entity(c, "rvcs").put("root", "property")),
        new Case("rvcs", "root", c -> entity(c, "rvcs").put("root", "galaxy")),
        new Case("properties", "root", c -> entity(c, "properties").put("single", false)),
        new Case("properties", "enterpriseColumn", c -> entity(c, "properties").remove("enterpriseColumn")),
        new Case("menu_items", "propertyColumn", c -> entity(c, "menu_items").put("propertyColumn", "owner_id")),
        new Case("menu_items", "propertyColumn", c -> entity(c, "menu_items").put("propertyColumn", "slu_id")),
        new Case("menu_items", "scope", c -> entity(c, "menu_items").remove("propertyColumn")),
        new Case("privileges", "scope", c -> entity(c, "privileges").put("enterpriseColumn", "code")),
        new Case("loyalty_programs", "import", c -> entity(c, "loyalty_programs").remove("import")),
        new Case("service_hosts", "import", c -> entity(c, "service_hosts").put("import", "replace")),
        new Case("enterprises", "import", c -> entity(c, "enterprises").put("import", "sometimes")),
        new Case("gift_cards", "featureFlag", c -> entity(c, "gift_cards").put("featureFlag", "feature_unicorns")),
        new Case("gift_cards", "featureFlag", c -> entity(c, "gift_cards").put("featureFlag", "currency")),
        new Case("employees", "activeColumn", c -> entity(c, "employees").remove("activeColumn")),
        new Case("employees", "activeColumn", c -> entity(c, "employees").put("activeColumn", "first_name")),
        new Case("roles", "activeColumn", c -> entity(c, "roles").put("activeColumn", "active")),
        new Case("roles", "urgent", c -> entity(c, "roles").put("urgent", "sometimes")),
        // A shared row pointing at one property's row would dangle at every other property it reaches.
        new Case("loyalty_members", "ref", c -> entity(c, "loyalty_members").getJsonArray("columns")
            .add(new JsonObject().put("name", "tender_id").put("type", "uuid").put("ref", "tenders"))),
        new Case("privileges", "ref", c -> entity(c, "privileges").getJsonArray("columns")
            .add(new JsonObject().put("name", "home_enterprise_id").put("type", "uuid").put("ref", "enterprises"))));
    assertEquals(catalog.entities(), Catalog.parse(shipped()).entities(), "the shipped catalog loads");
    for (Case k : cases) {
      JsonObject c = shipped();
      k.breakIt().accept(c);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Catalog.parse(c), k.toString());
      assertTrue(e.getMessage().contains(k.table()) && e.getMessage().contains("\"" + k.attribute() + "\""),
          k + ": " + e.getMessage());
    }
  }
}
