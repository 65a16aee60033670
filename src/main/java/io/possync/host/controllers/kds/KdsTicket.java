package io.possync.host.controllers.kds;

import io.possync.core.caps.Check;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A kitchen display ticket (POS-API.md section 5): one send's lines for one display. */
public record KdsTicket(String id, String displayId, String checkId, int checkNumber, String rvcName,
                        String orderType, String tableName, Instant sentAt, List<Check.Line> lines) {

  public KdsTicket {
    lines = List.copyOf(lines);
  }

  /** The same ticket with a line marked void. */
  public KdsTicket voidLine(String lineId) {
    List<Check.Line> ls = new ArrayList<>();
    for (Check.Line l : lines) {
      ls.add(l.id().equals(lineId) ? new Check.Line(l.id(), l.menuItemId(), l.name(), l.kitchenName(),
          l.printClassId(), l.quantity(), l.unitPriceCents(), l.modifiers(), l.taxGroupId(), l.taxRatePercent(),
          Check.VOIDED, l.voidReason()) : l);
    }
    return new KdsTicket(id, displayId, checkId, checkNumber, rvcName, orderType, tableName, sentAt, ls);
  }

  public boolean has(String lineId) {
    return lines.stream().anyMatch(l -> l.id().equals(lineId));
  }

  /** The wire form of the {@code ticket} and {@code snapshot} frames. */
  public JsonObject toJson() {
    JsonArray ls = new JsonArray();
    for (Check.Line l : lines) {
      JsonArray mods = new JsonArray();
      l.modifiers().forEach(m -> mods.add(m.kitchenName()));
      ls.add(new JsonObject().put("lineId", l.id()).put("name", l.kitchenName()).put("quantity", l.quantity())
          .put("modifiers", mods).put("status", l.status()));
    }
    return new JsonObject().put("id", id).put("checkId", checkId).put("checkNumber", checkNumber)
        .put("rvcName", rvcName).put("orderType", orderType).put("tableName", tableName)
        .put("sentAt", sentAt.toString()).put("lines", ls);
  }

  /** The stored form (the wire form plus the display). */
  public JsonObject toStored() {
    return toJson().put("displayId", displayId);
  }

  public static KdsTicket fromStored(JsonObject j) {
    List<Check.Line> lines = new ArrayList<>();
    for (Object o : j.getJsonArray("lines")) {
      JsonObject l = (JsonObject) o;
      List<Check.LineModifier> mods = new ArrayList<>();
      for (Object m : l.getJsonArray("modifiers")) {
        mods.add(new Check.LineModifier(null, String.valueOf(m), String.valueOf(m), 0));
      }
      lines.add(new Check.Line(l.getString("lineId"), null, l.getString("name"), l.getString("name"), null,
          l.getInteger("quantity"), 0, mods, null, null, l.getString("status"), null));
    }
    return new KdsTicket(j.getString("id"), j.getString("displayId"), j.getString("checkId"),
        j.getInteger("checkNumber"), j.getString("rvcName"), j.getString("orderType"), j.getString("tableName"),
        Instant.parse(j.getString("sentAt")), lines);
  }
}
