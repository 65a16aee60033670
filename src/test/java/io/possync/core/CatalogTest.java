package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.Column;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Names;
import io.possync.core.catalog.Scope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        "schedules", "shifts");
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
    for (EntityType e : catalog.entities()) {
      if (!e.table().equals("service_hosts")) {
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
}
