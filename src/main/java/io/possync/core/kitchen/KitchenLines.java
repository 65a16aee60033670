package io.possync.core.kitchen;

import io.possync.core.caps.Check;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON conversion of a line that went to the kitchen, with its modifiers: the stored form (kitchen events,
 * print jobs) and the KDS wire form of POS-API.md section 5 (tickets, where {@code name} is the kitchen name and a
 * modifier is its kitchen name). Reading takes a missing field as null.
 */
public final class KitchenLines {

  /** The field holding the lines in a kitchen event, a print job and a ticket. */
  public static final String LINES = "lines";
  public static final String LINE_ID = "lineId";
  public static final String NAME = "name";
  public static final String KITCHEN_NAME = "kitchenName";
  public static final String PRINT_CLASS_ID = "printClassId";
  public static final String QUANTITY = "quantity";
  public static final String MODIFIERS = "modifiers";
  public static final String MODIFIER_ID = "modifierId";
  public static final String STATUS = "status";

  private KitchenLines() {
  }

  /** The stored form of lines. */
  public static JsonArray toJson(List<Check.Line> lines) {
    JsonArray ls = new JsonArray();
    for (Check.Line l : lines) {
      JsonArray mods = new JsonArray();
      l.modifiers().forEach(m -> mods.add(new JsonObject().put(MODIFIER_ID, m.modifierId()).put(NAME, m.name())
          .put(KITCHEN_NAME, m.kitchenName())));
      ls.add(new JsonObject().put(LINE_ID, l.id()).put(NAME, l.name()).put(KITCHEN_NAME, l.kitchenName())
          .put(PRINT_CLASS_ID, l.printClassId()).put(QUANTITY, l.quantity()).put(MODIFIERS, mods)
          .put(STATUS, l.status()));
    }
    return ls;
  }

  /** Lines from their stored form. */
  public static List<Check.Line> fromJson(JsonArray ls) {
    List<Check.Line> lines = new ArrayList<>();
    for (Object o : ls) {
      JsonObject l = (JsonObject) o;
      List<Check.LineModifier> mods = new ArrayList<>();
      for (Object m : l.getJsonArray(MODIFIERS)) {
        JsonObject x = (JsonObject) m;
        mods.add(new Check.LineModifier(x.getString(MODIFIER_ID), x.getString(NAME), x.getString(KITCHEN_NAME), 0));
      }
      lines.add(new Check.Line(l.getString(LINE_ID), null, l.getString(NAME), l.getString(KITCHEN_NAME),
          l.getString(PRINT_CLASS_ID), l.getInteger(QUANTITY), 0, List.copyOf(mods), null, null,
          l.getString(STATUS), null));
    }
    return lines;
  }

  /** The KDS wire form of lines: the kitchen name as {@code name}, each modifier as its kitchen name. */
  public static JsonArray toKds(List<Check.Line> lines) {
    JsonArray ls = new JsonArray();
    for (Check.Line l : lines) {
      JsonArray mods = new JsonArray();
      l.modifiers().forEach(m -> mods.add(m.kitchenName()));
      ls.add(new JsonObject().put(LINE_ID, l.id()).put(NAME, l.kitchenName()).put(QUANTITY, l.quantity())
          .put(MODIFIERS, mods).put(STATUS, l.status()));
    }
    return ls;
  }

  /** Lines from their KDS wire form. */
  public static List<Check.Line> fromKds(JsonArray ls) {
    List<Check.Line> lines = new ArrayList<>();
    for (Object o : ls) {
      JsonObject l = (JsonObject) o;
      List<Check.LineModifier> mods = new ArrayList<>();
      for (Object m : l.getJsonArray(MODIFIERS)) {
        mods.add(new Check.LineModifier(null, String.valueOf(m), String.valueOf(m), 0));
      }
      lines.add(new Check.Line(l.getString(LINE_ID), null, l.getString(NAME), l.getString(NAME), null,
          l.getInteger(QUANTITY), 0, mods, null, null, l.getString(STATUS), null));
    }
    return lines;
  }
}
