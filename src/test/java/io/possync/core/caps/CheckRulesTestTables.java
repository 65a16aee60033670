package io.possync.core.caps;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** A small hand-made configuration for the check tests: one revenue center, a burger with modifier groups. */
public final class CheckRulesTestTables {

  private CheckRulesTestTables() {
  }

  static final String DINING = "00000000-0000-0000-0000-00000000d001";
  static final String FOOD = "00000000-0000-0000-0000-00000000f001";
  static final String BURGER = "00000000-0000-0000-0000-00000000b001";
  static final String TEMP = "00000000-0000-0000-0000-00000000a001";
  static final String RARE = "00000000-0000-0000-0000-00000000a101";
  static final String WELL = "00000000-0000-0000-0000-00000000a102";
  static final String BACON = "00000000-0000-0000-0000-00000000a201";
  static final String CASH = "00000000-0000-0000-0000-00000000c001";
  static final String GIFT = "00000000-0000-0000-0000-00000000c002";
  static final String OTHER = "00000000-0000-0000-0000-00000000c003";
  static final String AUTO_GRAT = "00000000-0000-0000-0000-00000000e001";
  static final String COMP = "00000000-0000-0000-0000-00000000e101";

  public static Map<String, Map<String, JsonObject>> tables(long burgerPrice) {
    Map<String, Map<String, JsonObject>> t = new HashMap<>();
    put(t, "properties", new JsonObject().put("id", "p").put("timezone", "America/New_York")
        .put("dayStartTime", "04:00:00").put("currency", "USD"));
    put(t, "rvcs", new JsonObject().put("id", DINING).put("name", "Dining").put("orderTypes",
        new JsonArray().add("dine_in").add("takeout")).put("defaultOrderType", "dine_in").put("taxInclusive", false)
        .put("active", true));
    put(t, "tax_groups", new JsonObject().put("id", FOOD).put("name", "Food").put("ratePercent", 10).put("active", true));
    put(t, "menu_items", new JsonObject().put("id", BURGER).put("name", "Burger").put("kitchenName", "BRGR")
        .put("priceCents", burgerPrice).put("taxGroupId", FOOD).put("active", true));
    put(t, "modifier_groups", new JsonObject().put("id", TEMP).put("name", "Temperature").put("minSelect", 1)
        .put("maxSelect", 1).put("active", true));
    put(t, "modifier_groups", new JsonObject().put("id", "g2").put("name", "Extras").put("minSelect", 0)
        .put("maxSelect", 2).put("active", true));
    put(t, "modifiers", new JsonObject().put("id", RARE).put("name", "Rare").put("priceCents", 0).put("active", true));
    put(t, "modifiers", new JsonObject().put("id", WELL).put("name", "Well").put("priceCents", 0).put("active", true));
    put(t, "modifiers", new JsonObject().put("id", BACON).put("name", "Bacon").put("priceCents", 150)
        .put("active", true));
    put(t, "menu_item_modifier_groups", new JsonObject().put("id", "l1").put("menuItemId", BURGER)
        .put("modifierGroupId", TEMP).put("sortOrder", 1));
    put(t, "menu_item_modifier_groups", new JsonObject().put("id", "l2").put("menuItemId", BURGER)
        .put("modifierGroupId", "g2").put("sortOrder", 2));
    put(t, "modifier_group_modifiers", new JsonObject().put("id", "m1").put("modifierGroupId", TEMP)
        .put("modifierId", RARE));
    put(t, "modifier_group_modifiers", new JsonObject().put("id", "m2").put("modifierGroupId", TEMP)
        .put("modifierId", WELL));
    put(t, "modifier_group_modifiers", new JsonObject().put("id", "m3").put("modifierGroupId", "g2")
        .put("modifierId", BACON));
    put(t, "tenders", new JsonObject().put("id", CASH).put("name", "Cash").put("tenderType", "cash")
        .put("allowsTip", false).put("active", true));
    put(t, "tenders", new JsonObject().put("id", GIFT).put("name", "Gift").put("tenderType", "gift_card")
        .put("active", true));
    put(t, "tenders", new JsonObject().put("id", OTHER).put("name", "House").put("tenderType", "house_account")
        .put("allowsTip", true).put("active", true));
    put(t, "service_charges", new JsonObject().put("id", AUTO_GRAT).put("name", "Auto Gratuity 18%")
        .put("percent", 18).put("autoApplyMinGuests", 6).put("active", true));
    put(t, "discounts", new JsonObject().put("id", COMP).put("name", "Comp").put("appliesTo", "item")
        .put("percent", 100).put("requiredPrivilege", "comp_item").put("active", true));
    return t;
  }

  static void put(Map<String, Map<String, JsonObject>> t, String table, JsonObject row) {
    t.computeIfAbsent(table, k -> new HashMap<>()).put(row.getString("id"), row);
  }

  static final Map<String, Map<String, JsonObject>> TABLES = tables(1299);

  static PosConfig config(Map<String, Map<String, JsonObject>> t) {
    return new PosConfig(1, k -> t.getOrDefault(k, Map.of()));
  }
}
