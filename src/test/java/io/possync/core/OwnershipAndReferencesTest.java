package io.possync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.possync.core.catalog.Ownership;
import io.possync.core.catalog.References;
import io.possync.core.catalog.RowConverter;
import io.possync.core.catalog.RowIndex;
import io.possync.core.catalog.ValidationException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The one scope check, reference check and row converter, as plain tables of cases. */
class OwnershipAndReferencesTest {

  static final Catalog CATALOG = Catalog.get();
  static final UUID P = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  static final String Q = "00000000-0000-0000-0000-0000000000b2";
  static final String E = "00000000-0000-0000-0000-0000000000e1";
  static final String F = "00000000-0000-0000-0000-0000000000f2";

  record Seen(String table, JsonObject row, boolean sees, String refusedField) {
  }

  @Test
  void aPropertySeesAndWritesItsOwnRowsItsEnterprisesAndGlobalOnes() {
    List<Seen> cases = List.of(
        new Seen("menu_items", new JsonObject().put("propertyId", P.toString()), true, null),
        new Seen("menu_items", new JsonObject().put("propertyId", P.toString().toUpperCase()), true, null),
        new Seen("menu_items", new JsonObject().put("propertyId", Q), false, "propertyId"),
        new Seen("gift_cards", new JsonObject().put("propertyId", null).put("enterpriseId", E), true, null),
        new Seen("gift_cards", new JsonObject().put("propertyId", P.toString()).put("enterpriseId", E), true, null),
        new Seen("gift_cards", new JsonObject().put("propertyId", Q).put("enterpriseId", E), false, "propertyId"),
        new Seen("gift_cards", new JsonObject().put("propertyId", null).put("enterpriseId", F), false, "enterpriseId"),
        new Seen("loyalty_programs", new JsonObject().put("enterpriseId", F), false, "enterpriseId"),
        new Seen("enterprises", new JsonObject().put("id", E), true, null),
        new Seen("enterprises", new JsonObject().put("id", F), false, "id"),
        new Seen("properties", new JsonObject().put("id", P.toString()).put("enterpriseId", E), true, null),
        new Seen("properties", new JsonObject().put("id", Q).put("enterpriseId", E), false, "id"),
        new Seen("properties", new JsonObject().put("id", P.toString()).put("enterpriseId", F), true, "enterpriseId"),
        new Seen("privileges", new JsonObject().put("id", Q), true, null));
    for (Seen c : cases) {
      EntityType e = CATALOG.table(c.table());
      assertEquals(c.sees(), Ownership.sees(e, c.row(), P, E), c.toString());
      if (c.refusedField() == null) {
        Ownership.check(e, c.row(), P, E, c.table());
      } else {
        ValidationException x = assertThrows(ValidationException.class,
            () -> Ownership.check(e, c.row(), P, E, c.table()), c.toString());
        assertEquals(c.refusedField(), x.field(), c.toString());
      }
    }
  }

  @Test
  void aStoredRowKeepsItsOwner() {
    EntityType cards = CATALOG.table("gift_cards");
    JsonObject shared = new JsonObject().put("id", Q).put("propertyId", null).put("enterpriseId", E);
    assertEquals(true, Ownership.sameOwner(cards, shared, shared.copy().put("balanceCents", 1)));
    assertEquals(false, Ownership.sameOwner(cards, shared, shared.copy().put("propertyId", P.toString())));
    assertEquals(false, Ownership.sameOwner(cards, shared, shared.copy().put("enterpriseId", F)));
    EntityType hosts = CATALOG.table("service_hosts");
    JsonObject host = new JsonObject().put("id", Q).put("propertyId", P.toString());
    assertEquals(true, Ownership.sameOwner(hosts, host, host.copy().put("propertyId", P.toString().toUpperCase())));
    assertEquals(false, Ownership.sameOwner(hosts, host, host.copy().put("propertyId", Q)));
  }

  @Test
  void referencesResolveInTheIndexOrToTheRowItself() {
    EntityType printers = CATALOG.table("printers");
    String self = "00000000-0000-0000-0000-000000000001";
    String other = "00000000-0000-0000-0000-000000000002";
    String missing = "00000000-0000-0000-0000-000000000003";
    RowIndex ids = RowIndex.ofIds(Map.of("printers", Set.of(other), "properties", Set.of(P.toString())));
    RowIndex rows = RowIndex.ofRows(Map.of("printers", Map.of(other, new JsonObject()),
        "properties", Map.of(P.toString(), new JsonObject())));
    JsonObject row = new JsonObject().put("id", self).put("propertyId", P.toString());
    for (RowIndex index : List.of(ids, rows)) {
      assertNull(References.dangling(printers, row.copy().put("backupPrinterId", null), index));
      assertNull(References.dangling(printers, row.copy().put("backupPrinterId", self), index), "itself");
      assertNull(References.dangling(printers, row.copy().put("backupPrinterId", other.toUpperCase()), index));
      ValidationException x = assertThrows(ValidationException.class, () -> References.check(printers,
          row.copy().put("backupPrinterId", missing), index, "printers[0]", "which is not in the file"));
      assertEquals("backupPrinterId", x.field());
    }
    // A table the index does not cover is not checked.
    assertNull(References.dangling(printers, row.copy().put("backupPrinterId", missing), RowIndex.ofIds(Map.of())));
    assertEquals(Map.of("properties", Set.of(P.toString()), "printers", Set.of(missing)),
        References.targets(printers, row.copy().put("backupPrinterId", missing.toUpperCase())));
  }

  @Test
  void rowsConvertBetweenFieldsAndColumnsAndSecretsNeverPass() {
    EntityType hosts = CATALOG.table("service_hosts");
    JsonObject fields = new JsonObject().put("id", Q).put("propertyId", P.toString()).put("name", "Kitchen")
        .put("services", new io.vertx.core.json.JsonArray().add("caps")).put("active", true)
        .put("authToken", "secret").put("unknown", 1);
    JsonObject columns = RowConverter.toColumns(hosts, fields);
    assertEquals(P.toString(), columns.getString("property_id"));
    assertEquals(false, columns.containsKey("auth_token"));
    assertEquals(false, columns.containsKey("unknown"));
    JsonObject back = RowConverter.toFields(hosts, columns.copy().put("auth_token", "secret"));
    fields.remove("authToken");
    fields.remove("unknown");
    assertEquals(fields, back);
  }
}
