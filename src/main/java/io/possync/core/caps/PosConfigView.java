package io.possync.core.caps;

import io.possync.core.catalog.Catalog;
import io.possync.core.catalog.EntityType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/pos/config} (POS-API.md section 2): what a POS screen needs from the applied configuration, with
 * the full sync payload's keys and field names, and never a PIN hash, a secret or the property's payment settings.
 */
public final class PosConfigView {

  /** The tables a workstation reads, in the payload's order. */
  static final List<String> TABLES = List.of("rvcs", "slus", "menu_items", "modifier_groups", "modifiers",
      "modifier_group_modifiers", "menu_item_modifier_groups", "tax_groups", "tenders", "discounts",
      "service_charges", "workstations");
  /** Fields of an employee a screen may show. */
  static final Set<String> EMPLOYEE_FIELDS = Set.of("id", "firstName", "lastName");
  /** Property fields that are payment settings (they stay on the host). */
  static final String PAYMENT_PREFIX = "payment";
  static final String OFFLINE_CARD_PREFIX = "offlineCard";

  private PosConfigView() {
  }

  public static JsonObject build(Catalog catalog, int version, Function<String, Map<String, JsonObject>> tables) {
    JsonObject out = new JsonObject().put("version", version);
    EntityType propertyType = catalog.table("properties");
    tables.apply(propertyType.table()).values().stream().findFirst().ifPresent(p -> {
      JsonObject prop = new JsonObject();
      p.forEach(e -> {
        if (!e.getKey().startsWith(PAYMENT_PREFIX) && !e.getKey().startsWith(OFFLINE_CARD_PREFIX)) {
          prop.put(e.getKey(), e.getValue());
        }
      });
      out.put(propertyType.key(), prop);
    });
    for (String t : TABLES) {
      EntityType e = catalog.table(t);
      out.put(e.key(), sorted(tables.apply(t), Function.identity()));
    }
    EntityType employees = catalog.table("employees");
    out.put(employees.key(), sorted(tables.apply(employees.table()), r -> {
      JsonObject o = new JsonObject();
      EMPLOYEE_FIELDS.forEach(f -> o.put(f, r.getValue(f)));
      return o;
    }));
    return out;
  }

  private static JsonArray sorted(Map<String, JsonObject> rows, Function<JsonObject, JsonObject> f) {
    JsonArray a = new JsonArray();
    rows.values().stream().sorted(Comparator.comparing(r -> r.getString("id"))).map(f).forEach(a::add);
    return a;
  }
}
